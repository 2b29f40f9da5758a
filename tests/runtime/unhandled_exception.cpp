// tests/runtime/unhandled_exception.cpp — runtime::builder::unhandled_exception: by default a task's
// exception waits for its join handle and the runtime goes on; with shutdown_runtime it makes
// block_on throw rt::unhandled_exception_error and cancels every other task. Both flavours.
#include "support/rt_test.hpp"

namespace {

rt::runtime make(bool multi, rt::unhandled_exception_policy p) {
    auto b = rt::runtime::builder();
    if (multi) {
        b.multi_thread().worker_threads(2);
    } else {
        b.current_thread();
    }
    return b.unhandled_exception(p).build();
}

TEST(unhandled_exception, by_default_the_exception_waits_for_the_join_handle) {
    for (bool multi : {false, true}) {
        auto rt = make(multi, rt::unhandled_exception_policy::keep_for_join_handle);
        auto failing = rt.spawn([]() -> rt::task<int> {
            co_await rt::yield_now();
            throw std::out_of_range("kept");
        });
        // The runtime keeps running other work after the failure.
        EXPECT_THROW(rt.block_on(std::move(failing)), std::out_of_range);
        EXPECT_EQ(rt.block_on([]() -> rt::task<int> { co_return 5; }()), 5) << "multi=" << multi;
    }
}

TEST(unhandled_exception, shutdown_runtime_makes_block_on_throw_and_cancels_the_other_tasks) {
    for (bool multi : {false, true}) {
        auto rt = make(multi, rt::unhandled_exception_policy::shutdown_runtime);
        std::atomic<int> drops{0};
        auto bystander = rt.spawn([g = rt_test::drop_counter(drops)]() -> rt::task<void> {
            co_await rt_test::never{};
        });
        rt_test::manual_signal go;
        (void)rt.spawn([&]() -> rt::task<void> {  // detached: nobody would ever see its exception
            auto go_wait = go.wait();  // named: g++-12 PR 99576
            co_await go_wait;
            throw std::out_of_range("escaped");
        });
        bool caught = false;
        try {
            // The main future would wait forever; the failure ends it.
            rt.block_on([&]() -> rt::task<void> {
                go.fire();
                co_await rt_test::never{};
            }());
        } catch (const rt::unhandled_exception_error& e) {
            caught = true;
            EXPECT_THROW(std::rethrow_exception(e.original()), std::out_of_range);
        }
        EXPECT_TRUE(caught) << "multi=" << multi;
        EXPECT_EQ(drops.load(), 1) << "the bystander task was cancelled; multi=" << multi;
        EXPECT_EQ(rt.metrics().num_alive_tasks(), 0u);
        // The runtime is shut down: block_on still drives the bystander's join handle, which
        // reports the cancellation (issue 14 item 13).
        EXPECT_THROW(rt.block_on(std::move(bystander)), rt::cancelled_error);
    }
}

// Signals when the task's callable is destroyed, which happens after the task's exception was
// stored and reported (the captures outlive the coroutine body's unwinding).
struct signal_on_drop {
    std::promise<void>* p;
    explicit signal_on_drop(std::promise<void>* pr) : p(pr) {}
    signal_on_drop(signal_on_drop&& o) noexcept : p(std::exchange(o.p, nullptr)) {}
    ~signal_on_drop() {
        if (p) p->set_value();
    }
};

TEST(unhandled_exception, a_failure_while_no_block_on_runs_shuts_down_at_the_next_block_on) {
    auto rt = make(true, rt::unhandled_exception_policy::shutdown_runtime);
    std::promise<void> reported;
    std::future<void> reported_f = reported.get_future();
    (void)rt.spawn([s = signal_on_drop(&reported)]() -> rt::task<void> {
        throw std::runtime_error("on a worker, before any block_on");
        co_return;
    });
    reported_f.wait();
    EXPECT_THROW(rt.block_on([]() -> rt::task<int> { co_return 1; }()), rt::unhandled_exception_error);
    // The failure was reported once; the shut-down runtime still drives a future that needs
    // nothing from it (issue 14 item 13).
    EXPECT_EQ(rt.block_on([]() -> rt::task<int> { co_return 1; }()), 1);
}

TEST(unhandled_exception, an_exception_caught_inside_the_task_does_not_shut_down) {
    for (bool multi : {false, true}) {
        auto rt = make(multi, rt::unhandled_exception_policy::shutdown_runtime);
        auto h = rt.spawn([]() -> rt::task<int> {
            try {
                throw std::out_of_range("handled");
            } catch (const std::out_of_range&) {
            }
            co_return 3;
        });
        EXPECT_EQ(rt.block_on(std::move(h)), 3);
        EXPECT_EQ(rt.block_on([]() -> rt::task<int> { co_return 4; }()), 4);
    }
}

}  // namespace
