// tests/runtime/abort.cpp — abort destroys a pending task's frames once, is a no-op on a finished
// task, and makes its join handle throw rt::cancelled_error.
#include "support/rt_test.hpp"

namespace {

rt::task<void> hold_and_wait(rt_test::drop_counter guard, rt_test::manual_signal sig) {
    rt_test::drop_counter local = std::move(guard);
    co_await sig.wait();
}

TEST(abort, aborting_a_pending_task_runs_its_destructors_once) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt_test::manual_signal sig;
    rt.block_on([](std::atomic<int>& drops, rt_test::manual_signal sig) -> rt::task<void> {
        auto h = rt::spawn(hold_and_wait, rt_test::drop_counter(drops), sig);
        co_await rt::yield_now();  // let it start and park on the signal
        EXPECT_EQ(drops.load(), 0);
        EXPECT_FALSE(h.is_finished());
        h.abort();
        h.abort();  // a second abort changes nothing
        EXPECT_THROW(co_await h, rt::cancelled_error);
        EXPECT_EQ(drops.load(), 1);
        EXPECT_TRUE(h.is_finished());
    }(drops, sig));
    sig.fire();  // nobody is waiting any more: must not touch the destroyed frame
    EXPECT_EQ(drops.load(), 1);
}

TEST(abort, aborting_before_the_first_poll_never_runs_the_body) {
    auto rt = rt_test::current_thread_runtime();
    bool ran = false;
    rt.block_on([](bool& ran) -> rt::task<void> {
        auto h = rt::spawn([](bool& ran) -> rt::task<void> {
            ran = true;
            co_return;
        }, std::ref(ran));
        h.abort();
        try {
            co_await h;
            ADD_FAILURE() << "expected cancelled_error";
        } catch (const rt::cancelled_error& e) {
            EXPECT_EQ(e.task_id(), h.id());
        }
    }(ran));
    EXPECT_FALSE(ran);
}

TEST(abort, aborting_a_finished_task_is_a_no_op) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto h = rt::spawn([]() -> rt::task<int> { co_return 5; });
        while (!h.is_finished()) co_await rt::yield_now();
        h.abort();
        EXPECT_EQ(co_await h, 5);
    }());
}

TEST(abort, abort_handle_cancels_without_the_join_handle) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt_test::manual_signal sig;
    rt.block_on([](std::atomic<int>& drops, rt_test::manual_signal sig) -> rt::task<void> {
        auto h = rt::spawn(hold_and_wait, rt_test::drop_counter(drops), sig);
        rt::abort_handle ah = h.get_abort_handle();
        EXPECT_EQ(ah.id(), h.id());
        h.detach();
        co_await rt::yield_now();
        ah.abort();
        while (!ah.is_finished()) co_await rt::yield_now();
        EXPECT_EQ(drops.load(), 1);
    }(drops, sig));
}

TEST(abort, a_task_can_abort_itself_and_stops_at_its_next_await) {
    auto rt = rt_test::current_thread_runtime();
    int steps = 0;
    rt.block_on([](int& steps) -> rt::task<void> {
        auto self = std::make_shared<rt::abort_handle>();
        auto h = rt::spawn([](std::shared_ptr<rt::abort_handle> self, int& steps) -> rt::task<void> {
            ++steps;
            self->abort();
            ++steps;  // still runs: abort takes effect at the next scheduling point
            co_await rt::yield_now();
            ++steps;  // never reached
        }, self, std::ref(steps));
        *self = h.get_abort_handle();
        EXPECT_THROW(co_await h, rt::cancelled_error);
    }(steps));
    EXPECT_EQ(steps, 2);
}

}  // namespace
