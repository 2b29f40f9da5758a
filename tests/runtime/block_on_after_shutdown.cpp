// tests/runtime/block_on_after_shutdown.cpp — block_on on a runtime that was shut down (issue 14
// item 13): as in Tokio it still drives futures that need no runtime resources (a oneshot, the join
// handle of a task that finished), while what needs the runtime fails clearly: spawning gives a
// cancelled task, a timer throws rt::usage_error.
#include "support/rt_test.hpp"

namespace {

using namespace std::chrono_literals;

rt::runtime make(bool multi) {
    return multi ? rt::runtime::builder().multi_thread().worker_threads(2).build()
                 : rt::runtime::builder().current_thread().build();
}

// Issue 14 item 13: block_on after shutdown() used to throw rt::usage_error.
TEST(block_on_after_shutdown, drives_the_join_handle_of_a_finished_task) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        auto h = rt.spawn([]() -> rt::task<int> { co_return 5; });
        rt.block_on([](rt::join_handle<int>& h) -> rt::task<void> {
            while (!h.is_finished()) co_await rt::yield_now();
        }(h));
        rt.shutdown();
        EXPECT_EQ(rt.block_on(std::move(h)), 5) << "multi=" << multi;
    }
}

// Issue 14 item 13: a oneshot filled before, and one filled by another thread while block_on waits.
TEST(block_on_after_shutdown, drives_a_oneshot_received_before_and_during_the_wait) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt.shutdown();
        auto [tx, rx] = rt::sync::oneshot::channel<int>();
        (void)std::move(tx).send(1);
        EXPECT_EQ(rt.block_on(std::move(rx)), std::optional<int>(1)) << "multi=" << multi;

        auto [tx2, rx2] = rt::sync::oneshot::channel<int>();
        std::thread sender([tx2 = std::move(tx2)]() mutable { (void)std::move(tx2).send(2); });
        EXPECT_EQ(rt.block_on(std::move(rx2)), std::optional<int>(2)) << "multi=" << multi;
        sender.join();
    }
}

// Issue 14 item 13: what needs the runtime fails clearly: a spawn inside block_on gives a task
// that is cancelled without running, a timer throws rt::usage_error out of block_on.
TEST(block_on_after_shutdown, spawning_is_cancelled_and_timers_throw) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt.shutdown();
        bool ran = false;
        EXPECT_THROW(rt.block_on([](bool& ran) -> rt::task<void> {
            co_await rt::spawn([](bool& ran) -> rt::task<void> {
                ran = true;
                co_return;
            }, std::ref(ran));
        }(ran)), rt::cancelled_error) << "multi=" << multi;
        EXPECT_FALSE(ran);
        EXPECT_THROW(rt.block_on([]() -> rt::task<void> { co_await rt::time::sleep(1ms); }()), rt::usage_error)
            << "multi=" << multi;
    }
}

}  // namespace
