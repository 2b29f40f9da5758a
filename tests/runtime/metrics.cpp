// tests/runtime/metrics.cpp — runtime_metrics counters that no other suite checks: alive tasks, global
// (injection) queue depth, a worker's local queue depth, park counts, and blocking threads busy/idle.
// Queues are filled while the only worker is held by a task, so the depths are exact.
#include "support/rt_test.hpp"

namespace {

// Waits (bounded) for a condition another thread makes true; no fixed sleeps.
template <class P>
bool eventually(P pred) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

TEST(metrics, alive_tasks_counts_unfinished_tasks) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    std::vector<rt::join_handle<void>> hs;
    for (int i = 0; i < 5; ++i) hs.push_back(rt.spawn([]() -> rt::task<void> { co_await rt_test::never{}; }));
    EXPECT_EQ(rt.metrics().num_alive_tasks(), 5u);
    for (auto& h : hs) h.abort();
    for (auto& h : hs) EXPECT_THROW(rt.block_on(std::move(h)), rt::cancelled_error);
    // A task leaves the list right after it notified its join handle.
    EXPECT_TRUE(eventually([&] { return rt.metrics().num_alive_tasks() == 0; }));
}

TEST(metrics, global_and_local_queue_depths_while_the_only_worker_is_busy) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(1).build();
    std::latch entered(1), release(1);
    auto holder = rt.spawn([&]() -> rt::task<void> {
        // Spawned from the worker: the last one sits in the LIFO slot, the other three in the
        // worker's local queue.
        for (int i = 0; i < 4; ++i) (void)rt::spawn([]() -> rt::task<void> { co_return; });
        entered.count_down();
        release.wait();  // holds the only worker (test only: a real task would not block)
        co_return;
    });
    entered.wait();
    for (int i = 0; i < 5; ++i) (void)rt.spawn([]() -> rt::task<void> { co_return; });  // from outside: injected
    const auto m = rt.metrics();
    EXPECT_EQ(m.global_queue_depth(), 5u);
    EXPECT_EQ(m.worker_local_queue_depth(0), 3u);
    release.count_down();
    rt.block_on(std::move(holder));
    EXPECT_TRUE(eventually([&] { return m.num_alive_tasks() == 0; }));
    EXPECT_EQ(m.global_queue_depth(), 0u);
    EXPECT_EQ(m.worker_local_queue_depth(0), 0u);
}

TEST(metrics, current_thread_global_queue_depth_counts_wakes_from_other_threads) {
    auto rt = rt_test::current_thread_runtime();
    rt::handle h = rt.get_handle();
    std::thread([&] {
        for (int i = 0; i < 3; ++i) (void)h.spawn([]() -> rt::task<void> { co_return; });
    }).join();
    EXPECT_EQ(rt.metrics().global_queue_depth(), 3u);
    EXPECT_EQ(rt.metrics().num_workers(), 0u);
    rt.block_on([]() -> rt::task<void> { co_await rt::yield_now(); }());
    EXPECT_EQ(rt.metrics().global_queue_depth(), 0u);
}

TEST(metrics, idle_workers_park_and_the_count_grows) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    const auto m = rt.metrics();
    auto parks = [&] { return m.worker_park_count(0) + m.worker_park_count(1); };
    // Work wakes the workers; once it is done they go back to sleep, counting a park each.
    for (int round = 0; round < 3; ++round) {
        const std::uint64_t before = parks();
        rt_test::manual_signal go;
        auto h = rt.spawn([&]() -> rt::task<void> {
            auto go_wait = go.wait();  // named: g++-12 PR 99576
            co_await go_wait;
        });
        go.fire();
        rt.block_on(std::move(h));
        EXPECT_TRUE(eventually([&] { return parks() > before; })) << "round " << round;
    }
}

TEST(metrics, blocking_threads_busy_and_idle) {
    auto rt = rt::runtime::builder().current_thread().build();
    const auto m = rt.metrics();
    EXPECT_EQ(m.num_blocking_threads(), 0u);
    std::latch release(1);
    auto busy = rt.spawn_blocking([&] { release.wait(); });
    EXPECT_TRUE(eventually([&] { return m.num_blocking_threads() == 1; }));
    EXPECT_EQ(m.num_idle_blocking_threads(), 0u) << "the one thread is busy";
    release.count_down();
    rt.block_on(std::move(busy));
    // Done: the thread waits for more work (keep-alive 10 s) and counts as idle.
    EXPECT_TRUE(eventually([&] { return m.num_idle_blocking_threads() == 1; }));
    EXPECT_EQ(m.num_blocking_threads(), 1u);
}

}  // namespace
