// tests/runtime/spawn_blocking.cpp — spawn_blocking runs on the blocking pool of either runtime
// flavour, returns values and exceptions through the join handle, queues beyond
// max_blocking_threads, honours abort only before the function starts, and shutdown_timeout
// does not wait for blocking work that outlives the timeout.
#include "support/rt_test.hpp"

namespace {

/// A gate blocking threads wait on until the test opens it.
struct gate {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
    int waiting = 0;
    void wait() {
        std::unique_lock<std::mutex> lock(mu);
        ++waiting;
        cv.notify_all();
        cv.wait(lock, [&] { return open; });
        --waiting;
    }
    void wait_for_waiters(int n) {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return waiting >= n; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(mu);
        open = true;
        cv.notify_all();
    }
};

TEST(spawn_blocking, runs_on_another_thread_and_returns_its_value) {
    auto rt = rt_test::current_thread_runtime();
    const auto main_id = std::this_thread::get_id();
    auto v = rt.block_on([](std::thread::id main_id) -> rt::task<int> {
        auto h = rt::spawn_blocking([main_id](int a, int b) {
            EXPECT_NE(std::this_thread::get_id(), main_id);
            return a * b;
        }, 6, 7);
        co_return co_await h;
    }(main_id));
    EXPECT_EQ(v, 42);
}

TEST(spawn_blocking, an_exception_is_rethrown_by_the_join_handle) {
    auto rt = rt_test::current_thread_runtime();
    auto h = rt.spawn_blocking([]() -> int { throw std::runtime_error("boom"); });
    EXPECT_THROW(rt.block_on(std::move(h)), std::runtime_error);
}

TEST(spawn_blocking, can_spawn_tasks_and_block_on_the_runtime_from_the_pool_thread) {
    auto rt = rt_test::current_thread_runtime();
    std::promise<int> got;
    auto result = got.get_future();
    auto h = rt.spawn_blocking([&got] {
        auto inner = rt::spawn([]() -> rt::task<int> { co_return 5; });
        got.set_value(rt::handle::current().block_on(std::move(inner)) + 1);
    });
    // The current-thread core is free (nobody is in block_on), so the pool thread can drive it.
    EXPECT_EQ(result.get(), 6);
    rt.block_on(std::move(h));
}

TEST(spawn_blocking, beyond_max_blocking_threads_work_queues_instead_of_failing) {
    auto rt = rt::runtime::builder().current_thread().max_blocking_threads(2).build();
    gate g;
    std::atomic<int> running{0}, max_running{0}, done{0};
    std::vector<rt::join_handle<int>> hs;
    for (int i = 0; i < 6; ++i) {
        hs.push_back(rt.spawn_blocking([&, i] {
            const int now = running.fetch_add(1) + 1;
            int prev = max_running.load();
            while (prev < now && !max_running.compare_exchange_weak(prev, now)) {}
            g.wait();
            running.fetch_sub(1);
            done.fetch_add(1);
            return i;
        }));
    }
    g.wait_for_waiters(2);
    EXPECT_EQ(rt.metrics().num_blocking_threads(), 2u);
    EXPECT_EQ(rt.metrics().blocking_queue_depth(), 4u);
    g.release();
    int sum = 0;
    for (auto& h : hs) sum += rt.block_on(std::move(h));
    EXPECT_EQ(sum, 0 + 1 + 2 + 3 + 4 + 5);
    EXPECT_EQ(done.load(), 6);
    EXPECT_EQ(max_running.load(), 2);
}

TEST(spawn_blocking, abort_before_start_cancels_and_abort_while_running_is_ignored) {
    auto rt = rt::runtime::builder().current_thread().max_blocking_threads(1).build();
    gate g;
    std::atomic<bool> second_ran{false};
    auto first = rt.spawn_blocking([&] {
        g.wait();
        return 1;
    });
    auto second = rt.spawn_blocking([&] {
        second_ran = true;
        return 2;
    });
    g.wait_for_waiters(1);  // first runs on the only thread; second is queued
    first.abort();
    second.abort();
    g.release();
    EXPECT_EQ(rt.block_on(std::move(first)), 1);
    EXPECT_THROW(rt.block_on(std::move(second)), rt::cancelled_error);
    EXPECT_FALSE(second_ran.load());
}

TEST(spawn_blocking, idle_threads_retire_after_keep_alive_and_come_back_on_demand) {
    auto rt = rt::runtime::builder()
                  .current_thread()
                  .thread_keep_alive(std::chrono::milliseconds(1))
                  .build();
    EXPECT_EQ(rt.block_on(rt.spawn_blocking([] { return 1; })), 1);
    // Retirement is the observable effect of the keep-alive timer; wait for it (bounded).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (rt.metrics().num_blocking_threads() != 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    EXPECT_EQ(rt.metrics().num_blocking_threads(), 0u);
    EXPECT_EQ(rt.block_on(rt.spawn_blocking([] { return 2; })), 2);
}

TEST(spawn_blocking, shutdown_timeout_returns_while_blocking_work_still_runs) {
    auto g = std::make_shared<gate>();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    {
        auto rt = rt_test::current_thread_runtime();
        auto h = rt.spawn_blocking([g, finished] {
            g->wait();
            finished->store(true);
        });
        g->wait_for_waiters(1);
        rt.shutdown_timeout(std::chrono::milliseconds(5));
        EXPECT_FALSE(finished->load());
        // After shutdown new blocking work is cancelled, not run.
        auto late = rt.spawn_blocking([] { return 3; });
        EXPECT_TRUE(late.is_finished());
    }
    g->release();
}

TEST(spawn_blocking, runtime_destruction_waits_for_running_blocking_work) {
    gate g;
    std::atomic<bool> finished{false};
    std::thread opener;
    {
        auto rt = rt_test::current_thread_runtime();
        rt.spawn_blocking([&] {
            g.wait();
            finished = true;
        }).detach();
        g.wait_for_waiters(1);
        opener = std::thread([&] { g.release(); });
    }  // ~runtime waits for the blocking function
    EXPECT_TRUE(finished.load());
    opener.join();
}

}  // namespace
