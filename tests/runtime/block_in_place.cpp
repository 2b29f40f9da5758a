// tests/runtime/block_in_place.cpp — block_in_place hands the worker's core to a replacement
// thread (Tokio: block_in_place starts a new worker), so even a one-worker runtime keeps running
// its other tasks while the closure blocks; afterwards the runtime goes on with one worker.
#include "support/rt_test.hpp"

namespace {

rt::runtime one_worker() { return rt::runtime::builder().multi_thread().worker_threads(1).build(); }

// Issue #14, item 9: block_in_place on a one-worker runtime stalled every other task until the
// closure returned. Here the closure can only return once another task ran.
TEST(block_in_place, a_one_worker_runtime_keeps_running_tasks_while_the_closure_blocks) {
    auto rt = one_worker();
    std::latch entered{1};
    std::latch released{1};
    auto blocker = rt.spawn([](std::latch& entered, std::latch& released) -> rt::task<int> {
        co_return rt::block_in_place([&] {
            entered.count_down();
            released.wait();  // only another task of this runtime opens it
            return 1;
        });
    }(entered, released));
    entered.wait();  // the only worker thread is inside block_in_place now
    auto releaser = rt.spawn([](std::latch& released) -> rt::task<int> {
        released.count_down();
        co_return 2;
    }(released));
    EXPECT_EQ(rt.block_on(std::move(releaser)), 2);
    EXPECT_EQ(rt.block_on(std::move(blocker)), 1);
}

// Issue #14, item 9: after block_in_place the runtime still works: tasks spawned later, timers,
// and a second block_in_place, all on a one-worker runtime.
TEST(block_in_place, the_runtime_goes_on_after_the_closure_returns) {
    auto rt = one_worker();
    const int sum = rt.block_on(rt.spawn([]() -> rt::task<int> {
        int total = 0;
        for (int round = 0; round < 3; ++round) {
            auto other = rt::spawn([]() -> rt::task<int> { co_return 10; });
            total += rt::block_in_place([] { return 1; });
            co_await rt::time::sleep(std::chrono::milliseconds(1));
            total += co_await other;
        }
        co_return total;
    }()));
    EXPECT_EQ(sum, 33);
    EXPECT_EQ(rt.metrics().num_workers(), 1u);
}

// Issue #14, item 9: nested block_in_place and block_on inside it keep working on one worker: the
// spawned task runs on the replacement worker.
TEST(block_in_place, nested_calls_and_block_on_inside_work_on_one_worker) {
    auto rt = one_worker();
    const int v = rt.block_on(rt.spawn([]() -> rt::task<int> {
        co_return rt::block_in_place([] {
            return rt::block_in_place([] {
                return rt::handle::current().block_on(rt::spawn([]() -> rt::task<int> { co_return 5; }));
            });
        });
    }()));
    EXPECT_EQ(v, 5);
}

// Issue #14, item 9: every thread that ran the worker is started and stopped through the
// builder's hooks, and all of them are gone once the runtime is dropped.
TEST(block_in_place, replacement_workers_run_the_thread_hooks_and_are_joined) {
    std::atomic<int> started{0}, stopped{0};
    {
        auto rt = rt::runtime::builder()
                      .multi_thread()
                      .worker_threads(1)
                      .on_thread_start([&] { started.fetch_add(1); })
                      .on_thread_stop([&] { stopped.fetch_add(1); })
                      .build();
        for (int i = 0; i < 4; ++i) {
            rt.block_on(rt.spawn([]() -> rt::task<void> {
                rt::block_in_place([] {});
                co_return;
            }()));
        }
    }
    EXPECT_GE(started.load(), 1);
    EXPECT_EQ(started.load(), stopped.load());
}

}  // namespace
