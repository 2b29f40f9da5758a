// tests/time/fire_batches.cpp — a burst of expired timers: one driver poll fires every due timer
// (the driver takes them in batches of fire_batch, releasing the wheel's mutex in between, but does
// not stop early); on a multi_thread worker the woken tasks that do not fit its local run queue go
// to a second injection queue taken before the first, so they run before a backlog of fresh
// tasks and none is lost; a woken sleeper that has not run yet can still be aborted, leaving the
// wheel clean.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;

rt::runtime one_worker() { return rt::runtime::builder().multi_thread().worker_threads(1).build(); }

constexpr int sleepers = 1000;
constexpr int fresh_tasks = 10000;

// Spawns `n` sleepers of `d` (each a task that returns the value of `started` when its sleep
// completes) and returns once every one of them has registered its sleep (or already finished).
rt::task<std::vector<rt::join_handle<int>>> register_sleepers(int n, ms d, std::atomic<int>& started) {
    auto polled = std::make_shared<std::atomic<int>>(0);
    std::vector<rt::join_handle<int>> hs;
    for (int i = 0; i < n; ++i) {
        hs.push_back(rt::spawn([](ms d, std::atomic<int>& started, std::shared_ptr<std::atomic<int>> polled) -> rt::task<int> {
            auto s = rt::time::sleep(d);
            polled->fetch_add(1);  // the co_await below registers it in this same poll
            co_await s;
            co_return started.load();
        }, d, std::ref(started), polled));
    }
    while (polled->load() < n) co_await rt::yield_now();
    co_return hs;
}

// Blocks the worker thread (no task or timer is processed meanwhile) until `t` has passed.
void block_until(std::chrono::steady_clock::time_point t) { std::this_thread::sleep_until(t); }

TEST(time_fire_batches, one_driver_turn_fires_every_due_timer_of_a_burst) {
    auto rt = paused_runtime();
    constexpr int n = 1000;  // several times the driver's batch
    std::atomic<int> unused{0};
    const int done = rt.block_on([](std::atomic<int>& unused) -> rt::task<int> {
        auto sleeps = co_await register_sleepers(n, 10ms, unused);
        EXPECT_EQ(rt::time::detail::registered_timers(), static_cast<std::size_t>(n));
        // advance completes after the next driver turn: that one turn must empty the wheel.
        co_await rt::time::advance(10ms);
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        int done = 0;
        for (auto& h : sleeps) {
            co_await h;
            ++done;
        }
        co_return done;
    }(unused));
    EXPECT_EQ(done, n);
}

TEST(time_fire_batches, expired_timers_run_before_a_backlog_of_fresh_tasks) {
    auto rt = one_worker();
    std::atomic<int> started{0};
    const int worst = rt.block_on(rt.spawn([](std::atomic<int>& started) -> rt::task<int> {
        auto sleeps = co_await register_sleepers(sleepers, 100ms, started);
        // Every sleeper registered before this instant, so all are due 100 ms after it (however
        // slow a sanitizer made the registration).
        const auto t0 = std::chrono::steady_clock::now();
        // Block the only worker past the deadline: every sleeper is now due at once.
        block_until(t0 + 105ms);
        // A backlog of fresh tasks, far more than the worker's local queue holds: most of it goes
        // to the injection queue.
        std::vector<rt::join_handle<void>> fresh;
        for (int i = 0; i < fresh_tasks; ++i) {
            fresh.push_back(rt::spawn([](std::atomic<int>& started) -> rt::task<void> {
                started.fetch_add(1);
                co_return;
            }, std::ref(started)));
        }
        int worst = 0;
        for (auto& h : sleeps) worst = std::max(worst, co_await h);
        for (auto& h : fresh) co_await h;
        co_return worst;
    }, std::ref(started)));
    // Spilled to the back of the injection queue, the last sleepers would run after nearly every
    // fresh task. Fired all at once into the local queue's room and the driver wakes' injection
    // queue, they run after at most the fresh tasks that were in the local queue (256) or ran
    // before the driver poll (61 ticks).
    EXPECT_LT(worst, fresh_tasks / 10);
    EXPECT_EQ(started.load(), fresh_tasks);
}

TEST(time_fire_batches, sleepers_woken_but_not_run_yet_can_be_aborted) {
    auto rt = one_worker();
    std::atomic<int> unused{0};
    const int cancelled = rt.block_on(rt.spawn([](std::atomic<int>& unused) -> rt::task<int> {
        auto sleeps = co_await register_sleepers(sleepers, 100ms, unused);
        const auto t0 = std::chrono::steady_clock::now();  // every sleeper registered before it
        block_until(t0 + 105ms);
        // The driver poll of the yield fires all of them: the local queue fills, the rest wait in
        // the injection queue. This task's yield gets back in line behind part of them only, so
        // some sleepers complete before it runs again and the others are aborted while queued.
        co_await rt::yield_now();
        for (auto& h : sleeps) h.abort();
        int cancelled = 0;
        for (auto& h : sleeps) {
            try {
                co_await h;
            } catch (const rt::cancelled_error&) {
                ++cancelled;
            }
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_return cancelled;
    }, std::ref(unused)));
    EXPECT_GT(cancelled, 0);
    EXPECT_LT(cancelled, sleepers);
}

TEST(time_fire_batches, a_burst_larger_than_the_local_queue_all_fires) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    std::atomic<int> unused{0};
    const int done = rt.block_on(rt.spawn([](std::atomic<int>& unused) -> rt::task<int> {
        auto sleeps = co_await register_sleepers(5 * sleepers, 1ms, unused);
        int done = 0;
        for (auto& h : sleeps) {
            co_await h;
            ++done;
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_return done;
    }, std::ref(unused)));
    EXPECT_EQ(done, 5 * sleepers);
}

}  // namespace
