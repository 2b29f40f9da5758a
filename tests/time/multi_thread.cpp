// tests/time/multi_thread.cpp — timers on the 2-worker multi_thread runtime: many sleeps from both
// workers, registration while another thread is parked on a long timer, timeouts across workers.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

rt::runtime two_workers() { return rt::runtime::builder().multi_thread().worker_threads(2).build(); }

TEST(time_multi_thread, many_sleeps_on_both_workers_never_fire_early) {
    auto rt = two_workers();
    const int early = rt.block_on([]() -> rt::task<int> {
        std::vector<rt::join_handle<bool>> hs;
        for (int i = 0; i < 2000; ++i) {
            hs.push_back(rt::spawn([](int d) -> rt::task<bool> {
                const instant start = instant::now();
                co_await rt::time::sleep(ms(d));
                co_return instant::now() - start < ms(d);
            }, 1 + i % 20));
        }
        int early = 0;
        for (auto& h : hs) early += (co_await h) ? 1 : 0;
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_return early;
    }());
    EXPECT_EQ(early, 0);
}

TEST(time_multi_thread, a_short_timer_registered_while_a_worker_parks_on_a_long_one_fires_promptly) {
    auto rt = two_workers();
    const auto wall = std::chrono::steady_clock::now();
    rt.block_on([]() -> rt::task<void> {
        auto long_sleeper = rt::spawn([]() -> rt::task<void> { co_await rt::time::sleep(1h); });
        co_await rt::time::sleep(20ms);  // by now a worker parks in the driver with a ~1 h timeout
        // Registered from another thread (a worker, then this block_on thread): both must unpark it.
        co_await rt::spawn([]() -> rt::task<void> { co_await rt::time::sleep(10ms); });
        co_await rt::time::sleep(10ms);
        long_sleeper.abort();
    }());
    EXPECT_LT(std::chrono::steady_clock::now() - wall, 30s);
}

TEST(time_multi_thread, timeout_elapses_and_destroys_the_inner_task) {
    auto rt = two_workers();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto h = rt::spawn([](std::atomic<int>& drops) -> rt::task<bool> {
            auto holder = [](rt_test::drop_counter guard) -> rt::task<void> {
                rt_test::drop_counter local = std::move(guard);
                co_await rt_test::never{};
            };
            auto r = co_await rt::time::timeout(15ms, holder(rt_test::drop_counter(drops)));
            co_return r.is_elapsed();
        }, std::ref(drops));
        EXPECT_TRUE(co_await h);
        EXPECT_EQ(drops.load(), 1);
    }(drops));
}

TEST(time_multi_thread, interval_ticks_on_a_worker) {
    auto rt = two_workers();
    const int ticks = rt.block_on(rt.spawn([]() -> rt::task<int> {
        const instant start = instant::now();
        auto iv = rt::time::interval_at(start, 2ms);
        int n = 0;
        while (n < 10) {
            const instant t = co_await iv.tick();
            EXPECT_EQ(t, start + n * 2ms);  // burst keeps the grid
            ++n;
        }
        co_return n;
    }));
    EXPECT_EQ(ticks, 10);
}

TEST(time_multi_thread, pause_is_rejected_on_multi_thread) {
    auto rt = two_workers();
    rt.block_on(rt.spawn([]() -> rt::task<void> {
        EXPECT_THROW(rt::time::pause(), rt::usage_error);
        co_return;
    }));
}

}  // namespace
