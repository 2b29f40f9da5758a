// tests/runtime/multi_thread_abort_races.cpp — abort racing with completion, with a wake from
// another thread and with the task running on another worker: every outcome is exactly one of
// "value" or "cancelled", and the task's destructors run exactly once. Shutdown with thousands of
// pending tasks and busy blocking threads destroys every future (ASan checks that nothing leaks).
#include "support/rt_test.hpp"

namespace {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int race_rounds = 300;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
constexpr int race_rounds = 300;
#else
constexpr int race_rounds = 2000;
#endif
#else
constexpr int race_rounds = 2000;
#endif

rt::runtime multi(std::size_t workers) { return rt::runtime::builder().multi_thread().worker_threads(workers).build(); }

/// Awaits the handle: 1 for a value, 0 for cancelled.
rt::task<int> outcome(rt::join_handle<int> h) {
    try {
        const int v = co_await h;
        EXPECT_EQ(v, 42);
        co_return 1;
    } catch (const rt::cancelled_error&) {
        co_return 0;
    }
}

struct tally {
    int values = 0;
    int cancelled = 0;
};

TEST(abort_races, abort_racing_with_completion_gives_one_outcome_and_one_drop) {
    auto rt = multi(2);
    std::atomic<int> drops{0};
    tally t;
    for (int i = 0; i < race_rounds; ++i) {
        auto h = rt.spawn([](rt_test::drop_counter d) -> rt::task<int> {
            rt_test::drop_counter mine = std::move(d);
            co_return 42;
        }, rt_test::drop_counter(drops));
        h.abort();  // from this (non-worker) thread while a worker may be completing it
        (rt.block_on(outcome(std::move(h))) ? t.values : t.cancelled)++;
        EXPECT_EQ(drops.load(), i + 1);
    }
    EXPECT_EQ(t.values + t.cancelled, race_rounds);
}

TEST(abort_races, abort_racing_with_a_wake_from_another_thread) {
    auto rt = multi(2);
    std::atomic<int> drops{0};
    tally t;
    for (int i = 0; i < race_rounds; ++i) {
        rt_test::manual_signal sig;
        auto h = rt.spawn([](rt_test::drop_counter d, rt_test::manual_signal sig) -> rt::task<int> {
            rt_test::drop_counter mine = std::move(d);
            co_await sig.wait();
            co_return 42;
        }, rt_test::drop_counter(drops), sig);
        std::latch go(2);
        std::thread waker([&] {
            go.arrive_and_wait();
            sig.fire();
        });
        go.arrive_and_wait();
        h.abort();
        waker.join();
        (rt.block_on(outcome(std::move(h))) ? t.values : t.cancelled)++;
        EXPECT_EQ(drops.load(), i + 1);
    }
    EXPECT_EQ(t.values + t.cancelled, race_rounds);
}

TEST(abort_races, abort_racing_with_the_task_running_on_another_worker) {
    auto rt = multi(2);
    std::atomic<int> drops{0};
    tally t;
    for (int i = 0; i < race_rounds; ++i) {
        std::atomic<bool> running{false};
        auto h = rt.spawn([](rt_test::drop_counter d, std::atomic<bool>& running, int i) -> rt::task<int> {
            rt_test::drop_counter mine = std::move(d);
            running = true;
            running.notify_one();
            // Busy inside this poll for a moment, then one scheduling point, then done: the abort
            // lands before, during or after each of them depending on the round.
            const auto spin = std::chrono::microseconds(i % 3 == 0 ? 0 : 10 * (i % 7));
            const auto until = std::chrono::steady_clock::now() + spin;
            while (std::chrono::steady_clock::now() < until) {}
            co_await rt::yield_now();
            co_return 42;
        }, rt_test::drop_counter(drops), std::ref(running), i);
        running.wait(false);
        h.abort();
        (rt.block_on(outcome(std::move(h))) ? t.values : t.cancelled)++;
        EXPECT_EQ(drops.load(), i + 1);
    }
    EXPECT_EQ(t.values + t.cancelled, race_rounds);
}

TEST(abort_races, shutdown_with_thousands_of_pending_tasks_and_busy_blocking_threads_drops_everything) {
    std::atomic<int> drops{0};
    std::atomic<int> blocking_done{0};
    std::atomic<int> blocking_started{0};
    constexpr int pending = 5000;
    {
        auto rt = multi(2);
        rt.block_on([](std::atomic<int>& drops, std::atomic<int>& blocking_done,
                       std::atomic<int>& blocking_started) -> rt::task<void> {
            for (int i = 0; i < pending; ++i) {
                rt::spawn([](rt_test::drop_counter d) -> rt::task<void> {
                    rt_test::drop_counter mine = std::move(d);
                    co_await rt_test::never{};
                }, rt_test::drop_counter(drops)).detach();
            }
            for (int i = 0; i < 4; ++i) {
                rt::spawn_blocking([&blocking_done, &blocking_started] {
                    blocking_started.fetch_add(1);
                    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
                    while (std::chrono::steady_clock::now() < until) std::this_thread::yield();
                    blocking_done.fetch_add(1);
                }).detach();
            }
            // Shut down while all four are busy (a blocking task that never started is cancelled
            // at shutdown, as in Tokio).
            while (blocking_started.load() < 4) co_await rt::yield_now();
        }(drops, blocking_done, blocking_started));
        EXPECT_EQ(rt.metrics().num_alive_tasks() > 0, true);
    }  // ~runtime: cancels every task, waits for the blocking work
    EXPECT_EQ(drops.load(), pending);
    EXPECT_EQ(blocking_done.load(), 4);
}

}  // namespace
