// tests/runtime/block_on_contended.cpp — two block_on calls on one current-thread runtime: the one
// that finds the core taken drives its future without it (woken through its own parker) and takes
// the core when the holder releases it (Tokio: CurrentThread::block_on waits on a Notify).
// Invariant pinned: a block_on never waits for the core while its own future could make progress.
#include "support/rt_test.hpp"

namespace {

// Issue #14, item 4: handle::block_on on a blocking-pool thread deadlocked while the main thread's
// block_on held the core and awaited that very blocking task.
TEST(block_on_contended, a_pool_thread_block_on_completes_while_the_main_block_on_awaits_it) {
    auto rt = rt_test::current_thread_runtime();
    const int v = rt.block_on([](rt::handle h) -> rt::task<int> {
        // Named, not a temporary inside co_await: g++-12 destroys such a temporary twice, and this
        // one owns a handle (a scheduler reference).
        auto blocking = rt::spawn_blocking([h] {
            // The spawned task runs on the core, which the main block_on keeps driving.
            return h.block_on(h.spawn([]() -> rt::task<int> { co_return 7; }));
        });
        co_return co_await blocking;
    }(rt.get_handle()));
    EXPECT_EQ(v, 7);
}

// Issue #14, item 4: the waiting block_on takes the core when the holder's block_on returns, and
// runs the runtime's tasks from then on.
TEST(block_on_contended, a_waiting_block_on_takes_the_core_when_it_is_released) {
    auto rt = rt_test::current_thread_runtime();
    const rt::handle h = rt.get_handle();
    std::latch polled_without_core{1};
    std::promise<int> got;
    rt.block_on([](rt::handle h, std::latch& polled, std::promise<int>& got) -> rt::task<void> {
        (void)rt::spawn_blocking([h, &polled, &got] {
            got.set_value(h.block_on([](rt::handle h, std::latch& polled) -> rt::task<int> {
                polled.count_down();  // first poll: the main block_on still holds the core
                co_return co_await h.spawn([]() -> rt::task<int> { co_return 9; });
            }(h, polled)));
        });
        // Hold the core (blocking this thread) until the pool thread's future ran without it.
        polled.wait();
        co_return;
    }(h, polled_without_core, got));
    // The main block_on returned: only the pool thread's block_on can run the spawned task now.
    EXPECT_EQ(got.get_future().get(), 9);
}

// Issue #14, item 4: two plain threads calling block_on on one runtime both complete, each woken
// by the other's progress (a oneshot ping-pong through the runtime).
TEST(block_on_contended, two_threads_block_on_one_runtime_and_exchange_values) {
    auto rt = rt_test::current_thread_runtime();
    const rt::handle h = rt.get_handle();
    auto [tx1, rx1] = rt::sync::oneshot::channel<int>();
    auto [tx2, rx2] = rt::sync::oneshot::channel<int>();
    std::thread other([&h, rx = std::move(rx1), tx = std::move(tx2)]() mutable {
        const std::optional<int> v = h.block_on(std::move(rx));
        (void)std::move(tx).send(v.value_or(0) + 1);
    });
    const int back = rt.block_on([](rt::sync::oneshot::sender<int> tx, rt::sync::oneshot::receiver<int> rx) -> rt::task<int> {
        (void)std::move(tx).send(41);
        const std::optional<int> v = co_await std::move(rx);
        co_return v.value_or(0);
    }(std::move(tx1), std::move(rx2)));
    other.join();
    EXPECT_EQ(back, 42);
}

}  // namespace
