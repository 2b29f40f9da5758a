// tests/time/timeout.cpp — timeout/timeout_at: ready futures win without the wheel, pending ones
// elapse exactly at the deadline, expiry destroys the inner future, busy inner futures cannot hold
// the deadline off, and the result type (Tokio: Result<T, Elapsed>).
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

/// A leaf future that is ready at its first poll (Tokio: std::future::ready).
template <class T>
struct ready_value {
    T v;
    rt::poll_result<T> poll(rt::context&) { return v; }
};

TEST(timeout, ready_future_succeeds_even_with_a_zero_duration) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto r = co_await rt::time::timeout(0ms, ready_value<int>{7});
        EXPECT_TRUE(r.has_value());
        EXPECT_EQ(r.value(), 7);
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);  // the wheel was not touched
    }());
}

TEST(timeout, completed_future_past_its_deadline_still_succeeds) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        ready_value<std::string> inner{"late"};
        auto r = co_await rt::time::timeout_at(instant::now() - 1s, std::move(inner));
        EXPECT_EQ(*r, "late");
    }());
}

TEST(timeout, pending_future_elapses_exactly_at_the_deadline) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto fut = rt::time::timeout(300ms, rt_test::never{});
        EXPECT_TRUE(t.poll(fut).is_pending());
        co_await rt::time::advance(299ms);
        EXPECT_TRUE(t.poll(fut).is_pending());
        co_await rt::time::advance(1ms);
        EXPECT_TRUE(t.is_woken());
        auto r = t.poll(fut);
        EXPECT_TRUE(r.is_ready());
        if (!r.is_ready()) co_return;
        EXPECT_TRUE(r.take().is_elapsed());
    }());
}

TEST(timeout, deadline_now_with_a_pending_future_elapses_at_the_first_poll) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto fut = rt::time::timeout_at(instant::now(), rt_test::never{});
        auto r = t.poll(fut);
        EXPECT_TRUE(r.is_ready());
        if (!r.is_ready()) co_return;
        EXPECT_TRUE(r.take().is_elapsed());
        co_return;
    }());
}

TEST(timeout, inner_future_completing_first_wins) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt_test::manual_signal sig;
        auto h = rt::spawn([](rt_test::manual_signal s) -> rt::task<void> {
            s.fire();
            co_return;
        }, sig);
        auto r = co_await rt::time::timeout(1h, sig.wait());
        EXPECT_TRUE(r.has_value());
        r.value();  // void: does not throw
        co_await h;
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }());
}

TEST(timeout, works_with_a_task_as_the_inner_future) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto slow = [](std::chrono::milliseconds d) -> rt::task<int> {
            co_await rt::time::sleep(d);
            co_return 42;
        };
        auto quick = co_await rt::time::timeout(1s, slow(10ms));
        EXPECT_EQ(quick.value(), 42);
        const instant before = instant::now();
        auto late = co_await rt::time::timeout(1s, slow(1h));
        EXPECT_TRUE(late.is_elapsed());
        EXPECT_EQ(instant::now() - before, 1s);
        EXPECT_THROW((void)std::move(late).value(), rt::time::elapsed_error);
    }());
}

TEST(timeout, expiry_destroys_the_inner_future_at_once) {
    auto rt = paused_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto holder = [](rt_test::drop_counter guard) -> rt::task<void> {
            rt_test::drop_counter local = std::move(guard);
            co_await rt_test::never{};
        };
        auto fut = rt::time::timeout(1h, holder(rt_test::drop_counter(drops)));
        mock_task t;
        EXPECT_TRUE(t.poll(fut).is_pending());
        EXPECT_EQ(drops.load(), 0);
        co_await rt::time::advance(1h);
        auto r = t.poll(fut);  // the timeout object itself is still alive...
        EXPECT_TRUE(r.is_ready());
        if (!r.is_ready()) co_return;
        EXPECT_TRUE(r.take().is_elapsed());
        EXPECT_EQ(drops.load(), 1);  // ...but the inner coroutine frame is gone
        EXPECT_EQ(fut.get(), nullptr);
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }(drops));
}

TEST(timeout, dropping_a_pending_timeout_unregisters_it) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        {
            auto fut = rt::time::timeout(1s, rt_test::never{});
            EXPECT_TRUE(t.poll(fut).is_pending());
            EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_await rt::time::advance(2s);
        EXPECT_EQ(t.wakes(), 0);
    }());
}

TEST(timeout, inner_exception_propagates) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto failing = []() -> rt::task<int> {
            co_await rt::yield_now();
            throw std::runtime_error("inner");
        };
        EXPECT_THROW((void)co_await rt::time::timeout(1s, failing()), std::runtime_error);
    }());
}

TEST(timeout, is_not_exhausted_by_a_busy_inner_future) {
    // Tokio time_timeout `timeout_is_not_exhausted_by_future`: the inner future always spends the
    // whole coop budget and wakes itself; the deadline must still be seen.
    struct busy {
        rt::poll_result<void> poll(rt::context& cx) {
            while (rt::coop::has_budget_remaining()) rt::coop::consume();
            cx.waker().wake_by_ref();
            return rt::pending;
        }
    };
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto r = co_await rt::time::timeout(5ms, busy{});
        EXPECT_TRUE(r.is_elapsed());
    }());
}

TEST(timeout, an_hour_long_timeout_under_paused_time_takes_no_real_time) {
    auto rt = paused_runtime();
    const auto wall = std::chrono::steady_clock::now();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        auto r = co_await rt::time::timeout(1h, rt::time::sleep(2h));
        EXPECT_TRUE(r.is_elapsed());
        EXPECT_EQ(instant::now() - start, 1h);
    }());
    EXPECT_LT(std::chrono::steady_clock::now() - wall, 5s);
}

TEST(timeout, result_type_behaves_like_tokio_result) {
    rt::time::timeout_result<int> ok(5);
    rt::time::timeout_result<int> late(rt::time::elapsed);
    EXPECT_TRUE(ok);
    EXPECT_FALSE(late);
    EXPECT_TRUE(late.is_elapsed());
    EXPECT_EQ(std::move(late).value_or(9), 9);
    EXPECT_EQ(ok.value(), 5);
    rt::time::timeout_result<void> v;
    EXPECT_TRUE(v.has_value());
    EXPECT_THROW(rt::time::timeout_result<void>(rt::time::elapsed).value(), rt::time::elapsed_error);
}

}  // namespace
