// tests/time/sleep.cpp — sleep/sleep_until: yielding, ordering, exact deadlines under paused time,
// reset, cancellation, and the wheel across all of its levels.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

TEST(sleep, sleep_zero_yields_to_other_tasks) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        int ran = 0;
        rt::spawn([](int& ran) -> rt::task<void> {
            ++ran;
            co_return;
        }, std::ref(ran)).detach();
        EXPECT_EQ(ran, 0);
        co_await rt::time::sleep(0ms);  // a yield point: the spawned task runs first
        EXPECT_EQ(ran, 1);
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);  // no wheel entry for a due sleep
    }());
}

TEST(sleep, elapsed_sleep_is_pending_once_then_ready_without_the_wheel) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto s = rt::time::sleep_until(instant::now() - 5ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::yield_now();
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_ready());
        EXPECT_TRUE(s.is_elapsed());
    }());
}

TEST(sleep, completes_exactly_at_its_deadline) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        const instant start = instant::now();
        auto s = rt::time::sleep(100ms);
        EXPECT_EQ(s.deadline(), start + 100ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        co_await rt::time::advance(99ms);
        EXPECT_FALSE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(1ms);
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_ready());
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        EXPECT_EQ(instant::now() - start, 100ms);
    }());
}

TEST(sleep, a_sub_millisecond_deadline_rounds_up_never_early) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto s = rt::time::sleep(1500us);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(1ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(1ms);
        EXPECT_TRUE(t.poll(s).is_ready());
    }());
}

TEST(sleep, sleeps_fire_in_deadline_order_at_their_deadlines) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        std::vector<int> lengths{70, 10, 250, 3, 40, 64, 65, 4096, 1, 1000, 63, 128};
        std::vector<std::pair<int, long long>> woke;  // (length, ms at wake)
        std::vector<rt::join_handle<void>> hs;
        for (int len : lengths) {
            hs.push_back(rt::spawn([](int len, instant start, std::vector<std::pair<int, long long>>& woke) -> rt::task<void> {
                co_await rt::time::sleep_until(start + ms(len));
                woke.emplace_back(len, ms_since(start, instant::now()));
            }, len, start, std::ref(woke)));
        }
        for (auto& h : hs) co_await h;
        std::sort(lengths.begin(), lengths.end());
        EXPECT_EQ(woke.size(), lengths.size());
        if (woke.size() != lengths.size()) co_return;
        for (std::size_t i = 0; i < lengths.size(); ++i) {
            EXPECT_EQ(woke[i].first, lengths[i]) << "position " << i;
            EXPECT_EQ(woke[i].second, lengths[i]) << "woke late or early";
        }
    }());
}

TEST(sleep, real_time_sleep_waits_at_least_its_duration) {
    auto rt = rt_test::current_thread_runtime();
    const auto wall = std::chrono::steady_clock::now();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        co_await rt::time::sleep(20ms);
        EXPECT_GE(instant::now() - start, 20ms);
    }());
    EXPECT_GE(std::chrono::steady_clock::now() - wall, 20ms);
}

TEST(sleep, reset_a_pending_sleep_to_earlier) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        const instant start = instant::now();
        auto s = rt::time::sleep(100ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        s.reset(start + 30ms);
        EXPECT_EQ(s.deadline(), start + 30ms);
        co_await rt::time::advance(30ms);
        EXPECT_TRUE(t.is_woken());  // the waker registered before the reset is kept
        EXPECT_TRUE(t.poll(s).is_ready());
    }());
}

TEST(sleep, reset_a_pending_sleep_to_later) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        const instant start = instant::now();
        auto s = rt::time::sleep(100ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        s.reset(start + 300ms);
        co_await rt::time::advance(100ms);
        EXPECT_FALSE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(199ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(1ms);
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_ready());
    }());
}

TEST(sleep, reset_to_the_past_before_firing_completes_at_the_next_turn) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto s = rt::time::sleep(100ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(10ms);
        s.reset(instant::now() - 5ms);
        co_await rt::yield_now();
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(s).is_ready());
    }());
}

TEST(sleep, reset_after_firing_makes_it_pending_again) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto s = rt::time::sleep(10ms);
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(10ms);
        EXPECT_TRUE(t.poll(s).is_ready());
        s.reset(instant::now() + 20ms);
        EXPECT_FALSE(s.is_elapsed());
        EXPECT_TRUE(t.poll(s).is_pending());
        co_await rt::time::advance(20ms);
        EXPECT_TRUE(t.poll(s).is_ready());
    }());
}

TEST(sleep, dropping_a_pending_sleep_unregisters_it_and_never_wakes) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        {
            auto s = rt::time::sleep(10ms);
            EXPECT_TRUE(t.poll(s).is_pending());
            EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_await rt::time::advance(1h);
        EXPECT_EQ(t.wakes(), 0);
    }());
}

TEST(sleep, a_moved_pending_sleep_still_fires) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto a = rt::time::sleep(10ms);
        EXPECT_TRUE(t.poll(a).is_pending());
        auto b = std::move(a);
        { auto moved_from = std::move(a); }  // destroying the moved-from one unregisters nothing
        EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        co_await rt::time::advance(10ms);
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(b).is_ready());
    }());
}

TEST(sleep, aborting_a_sleeping_task_unregisters_its_timer) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto h = rt::spawn([]() -> rt::task<void> { co_await rt::time::sleep(1h); });
        co_await rt::yield_now();
        EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        h.abort();
        EXPECT_THROW(co_await h, rt::cancelled_error);
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }());
}

TEST(sleep, a_hundred_thousand_timers_inserted_and_cancelled_leave_the_wheel_empty) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        std::vector<rt::time::sleep_future> sleeps;
        sleeps.reserve(100'000);
        std::mt19937_64 rng(7);
        for (int i = 0; i < 100'000; ++i) {
            sleeps.push_back(rt::time::sleep(ms(1 + rng() % (1ull << 33))));  // every wheel level
            EXPECT_TRUE(t.poll(sleeps.back()).is_pending());
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 100'000u);
        std::shuffle(sleeps.begin(), sleeps.end(), rng);  // moves relink queued entries
        EXPECT_EQ(rt::time::detail::registered_timers(), 100'000u);
        while (!sleeps.empty()) sleeps.pop_back();
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_return;
    }());
}

TEST(sleep, huge_durations_clamp_without_overflow) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        auto forever = rt::time::sleep(std::chrono::nanoseconds::max());
        auto far = rt::time::sleep(std::chrono::hours(24 * 365 * 200));
        EXPECT_TRUE(t.poll(forever).is_pending());
        EXPECT_TRUE(t.poll(far).is_pending());
        co_await rt::time::advance(std::chrono::hours(24 * 365 * 3));
        EXPECT_TRUE(t.poll(forever).is_pending());
        EXPECT_TRUE(t.poll(far).is_pending());
        EXPECT_EQ(t.wakes(), 0);
        forever.reset(instant::now() - std::chrono::nanoseconds::max());  // saturates at the far past
        co_await rt::yield_now();
        EXPECT_TRUE(t.is_woken());
        EXPECT_TRUE(t.poll(forever).is_ready());
    }());
}

TEST(sleep, a_wake_from_another_thread_interrupts_a_park_on_a_long_timer) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal sig;
    std::thread firer;
    const auto wall = std::chrono::steady_clock::now();
    rt.block_on([](rt_test::manual_signal sig, std::thread& firer) -> rt::task<void> {
        auto sleeper = rt::spawn([]() -> rt::task<void> { co_await rt::time::sleep(1h); });
        co_await rt::yield_now();  // the sleeper registers: the runtime now parks with a 1 h timeout
        firer = std::thread([sig] { sig.fire(); });
        co_await sig.wait();
        sleeper.abort();
    }(sig, firer));
    firer.join();
    EXPECT_LT(std::chrono::steady_clock::now() - wall, 30s);
}

/// A waker whose wake destroys every sleep in a vector (the vector outlives the wakers).
struct dropper {
    std::vector<std::unique_ptr<rt::time::sleep_future>>* sleeps;
    static void clone(const void*) {}
    static void wake(const void* d) { wake_by_ref(d); }
    static void wake_by_ref(const void* d) { static_cast<const dropper*>(d)->sleeps->clear(); }
    static void drop(const void*) {}
    static constexpr rt::waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
};

TEST(sleep, a_waker_that_destroys_timers_when_woken_is_safe) {
    // Tokio time_sleep `drop_from_wake`: wakes run outside the wheel's mutex, so a wake may drop
    // timers (fired or still queued) without deadlocking or touching freed entries.
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        std::vector<std::unique_ptr<rt::time::sleep_future>> sleeps;
        const dropper d{&sleeps};
        const rt::waker w(&d, &dropper::vtable);
        rt::context cx(w);
        for (int i = 1; i <= 50; ++i) {
            sleeps.push_back(std::make_unique<rt::time::sleep_future>(rt::time::sleep(ms(i % 3 == 0 ? 10 : 1000 + i))));
            EXPECT_TRUE(sleeps.back()->poll(cx).is_pending());
        }
        co_await rt::time::advance(10ms);  // the first fired wake drops all 50, queued ones included
        EXPECT_TRUE(sleeps.empty());
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }());
}

TEST(sleep, registered_sleeps_dropped_on_another_thread_while_the_runtime_fires_timers) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        std::vector<std::unique_ptr<rt::time::sleep_future>> sleeps;
        for (int i = 0; i < 2000; ++i) {
            sleeps.push_back(std::make_unique<rt::time::sleep_future>(rt::time::sleep(ms(1 + i % 20))));
            EXPECT_TRUE(t.poll(*sleeps.back()).is_pending());
        }
        std::thread dropper([s = std::move(sleeps)]() mutable {
            while (!s.empty()) s.pop_back();  // unregisters under the wheel's mutex, racing the driver
        });
        for (int i = 0; i < 10; ++i) co_await rt::time::sleep(2ms);  // the runtime fires timers meanwhile
        dropper.join();
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }());
}

TEST(sleep, sleep_polled_outside_a_runtime_is_a_clear_error) {
    auto s = rt::time::sleep(1s);
    rt::waker w = rt::noop_waker();
    rt::context cx(w);
    EXPECT_THROW((void)s.poll(cx), rt::usage_error);
}

TEST(sleep, a_self_waking_task_still_sees_its_sleep_fire) {
    // Tokio time_rt `starving`: the driver is polled under load, so the timer fires.
    struct starve {
        rt::time::sleep_future s;
        int polls = 0;
        rt::poll_result<int> poll(rt::context& cx) {
            ++polls;
            if (s.poll(cx).is_ready()) return polls;
            cx.waker().wake_by_ref();
            return rt::pending;
        }
    };
    auto rt = rt_test::current_thread_runtime();
    const int polls = rt.block_on([]() -> rt::task<int> { co_return co_await starve{rt::time::sleep(5ms)}; }());
    EXPECT_GT(polls, 1);
}

}  // namespace
