// tests/runtime/shutdown_bounded.cpp — shutdown_timeout and shutdown_background return within their
// bound whatever the worker threads are doing (issue 14 item 7): a worker stuck inside one poll is
// left to finish it alone, and the last worker to stop completes the shutdown (cancels what is
// left) on its own thread, as in Tokio. The stuck poll is a std::latch the test opens only after
// the shutdown call returned, so the assertion is about order, not time; the guards (20 s) only
// keep a regression from hanging the suite.
#include "support/rt_test.hpp"

namespace {

using namespace std::chrono_literals;

/// A task stuck in one poll: it reports that it is in, waits for `release`, then parks forever.
/// Its locals report their destruction (the cancellation that completes the shutdown).
struct stuck_task_state {
    std::latch inside{1};
    std::latch release{1};
    std::promise<void> dropped;
};

struct signal_drop {
    stuck_task_state* st;
    ~signal_drop() { st->dropped.set_value(); }
};

rt::task<void> stuck_in_one_poll(stuck_task_state* st) {
    signal_drop guard{st};
    st->inside.count_down();
    st->release.wait();  // blocks the worker inside this poll
    co_await rt_test::never{};
}

/// Runs `shutdown` on a helper thread; true when it returned while the task was still stuck.
bool returns_while_a_worker_is_stuck(const std::function<void(rt::runtime&)>& shutdown) {
    stuck_task_state st;
    auto dropped = st.dropped.get_future();
    bool returned_while_stuck = false;
    {
        auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
        rt.spawn(&stuck_in_one_poll, &st).detach();
        st.inside.wait();
        auto done = std::async(std::launch::async, [&] { shutdown(rt); });
        returned_while_stuck = done.wait_for(20s) == std::future_status::ready;
        st.release.count_down();  // the worker finishes its poll and then the shutdown
        done.get();
        // The runtime is shut down: new tasks are cancelled at spawn.
        EXPECT_TRUE(rt.spawn([]() -> rt::task<void> { co_return; }).is_finished());
    }
    // The stuck worker cancels the task (its destructors run) after its poll returned.
    EXPECT_EQ(dropped.wait_for(20s), std::future_status::ready);
    return returned_while_stuck;
}

// Issue 14 item 7: shutdown_timeout(100 ms) used to join the workers without limit.
TEST(shutdown_bounded, shutdown_timeout_returns_while_a_worker_is_stuck_in_a_poll) {
    EXPECT_TRUE(returns_while_a_worker_is_stuck([](rt::runtime& rt) { rt.shutdown_timeout(100ms); }));
}

// Issue 14 item 7: shutdown_background does not wait for the workers at all.
TEST(shutdown_bounded, shutdown_background_returns_while_a_worker_is_stuck_in_a_poll) {
    EXPECT_TRUE(returns_while_a_worker_is_stuck([](rt::runtime& rt) { rt.shutdown_background(); }));
}

// Issue 14 item 7: when every worker stops in time, shutdown_timeout cancels the tasks itself
// before it returns (nothing is left to a worker).
TEST(shutdown_bounded, shutdown_timeout_cancels_idle_tasks_before_returning) {
    std::atomic<int> drops{0};
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    for (int i = 0; i < 10; ++i) {
        rt.spawn([](rt_test::drop_counter d) -> rt::task<void> {
            auto keep = std::move(d);
            co_await rt_test::never{};
        }, rt_test::drop_counter(drops)).detach();
    }
    rt.shutdown_timeout(20s);
    EXPECT_EQ(drops.load(), 10);
    EXPECT_EQ(rt.metrics().num_alive_tasks(), 0u);
}

}  // namespace

namespace {

// Issue 14 item 7, current-thread flavour: the core is held by a handle::block_on on another thread
// whose future is stuck inside one poll. shutdown_timeout returns at its deadline; the block_on's
// thread finishes the shutdown (cancels the idle task) when it releases the core.
TEST(shutdown_bounded, current_thread_shutdown_timeout_returns_while_a_block_on_holds_the_core) {
    stuck_task_state st;  // here the stuck poll is the block_on's own future
    std::atomic<int> drops{0};
    auto rt = rt::runtime::builder().current_thread().build();
    rt.spawn([](rt_test::drop_counter d) -> rt::task<void> {
        auto keep = std::move(d);
        co_await rt_test::never{};
    }, rt_test::drop_counter(drops)).detach();
    auto h = rt.get_handle();
    auto holder = std::async(std::launch::async, [&] {
        h.block_on([](stuck_task_state* st) -> rt::task<void> {
            co_await rt::yield_now();  // the idle task gets its first poll
            st->inside.count_down();
            st->release.wait();        // stuck inside this poll, holding the core
        }(&st));
    });
    st.inside.wait();
    auto done = std::async(std::launch::async, [&] { rt.shutdown_timeout(50ms); });
    EXPECT_EQ(done.wait_for(20s), std::future_status::ready) << "shutdown_timeout waited for the core";
    EXPECT_EQ(drops.load(), 0);  // the tasks are the holder's to cancel, once it lets go
    st.release.count_down();
    holder.get();
    done.get();
    EXPECT_EQ(drops.load(), 1);  // cancelled when the core was released
    EXPECT_TRUE(rt.spawn([]() -> rt::task<void> { co_return; }).is_finished());  // shut down
}

}  // namespace
