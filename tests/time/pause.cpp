// tests/time/pause.cpp — paused test time: start_paused, pause/resume/advance, auto-advance with
// many timers, determinism, and the misuse errors.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

TEST(pause, start_paused_freezes_the_clock) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        EXPECT_TRUE(rt::time::is_paused());
        const instant a = instant::now();
        std::this_thread::sleep_for(2ms);  // real time passes, runtime time does not
        EXPECT_EQ(instant::now(), a);
        co_return;
    }());
}

TEST(pause, advance_moves_now_by_exactly_the_duration) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant a = instant::now();
        co_await rt::time::advance(1234567ns);
        EXPECT_EQ(instant::now() - a, 1234567ns);
        co_await rt::time::advance(3h);
        EXPECT_EQ(instant::now() - a, 3h + 1234567ns);
    }());
}

TEST(pause, pause_and_resume_inside_a_running_runtime) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        EXPECT_FALSE(rt::time::is_paused());
        rt::time::pause();
        EXPECT_TRUE(rt::time::is_paused());
        EXPECT_THROW(rt::time::pause(), rt::usage_error);  // already frozen
        const instant a = instant::now();
        co_await rt::time::advance(10s);
        EXPECT_EQ(instant::now() - a, 10s);
        rt::time::resume();
        EXPECT_THROW(rt::time::resume(), rt::usage_error);  // not frozen
        EXPECT_GE(instant::now() - a, 10s);                  // time does not go back
        EXPECT_THROW(co_await rt::time::advance(1s), rt::usage_error);
    }());
}

TEST(pause, pause_outside_a_runtime_is_a_clear_error) {
    EXPECT_THROW(rt::time::pause(), rt::usage_error);
    EXPECT_FALSE(rt::time::is_paused());
}

TEST(pause, start_paused_on_multi_thread_is_rejected_at_build) {
    EXPECT_THROW((void)rt::runtime::builder().multi_thread().start_paused(true).build(), rt::usage_error);
}

TEST(pause, auto_advance_jumps_to_the_next_timer_when_idle) {
    auto rt = paused_runtime();
    const auto wall = std::chrono::steady_clock::now();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        co_await rt::time::sleep(std::chrono::hours(24 * 30));
        EXPECT_EQ(instant::now() - start, std::chrono::hours(24 * 30));
    }());
    EXPECT_LT(std::chrono::steady_clock::now() - wall, 5s);
}

/// Spawns `n` tasks sleeping random lengths (seeded); each records how far past its deadline it
/// woke. Returns the wake times (ms since start) in spawn order.
std::vector<long long> random_sleepers(int n, std::uint64_t seed) {
    auto rt = paused_runtime();
    return rt.block_on([](int n, std::uint64_t seed) -> rt::task<std::vector<long long>> {
        std::mt19937_64 rng(seed);
        const instant start = instant::now();
        std::vector<rt::join_handle<long long>> hs;
        std::vector<long long> wanted;
        for (int i = 0; i < n; ++i) {
            // 0 .. ~1.5 days, so entries land on every wheel level and cascade.
            const long long len = static_cast<long long>(rng() % (1ull << (1 + rng() % 27)));
            wanted.push_back(len);
            hs.push_back(rt::spawn([](instant start, long long len) -> rt::task<long long> {
                co_await rt::time::sleep_until(start + ms(len));
                co_return ms_since(start, instant::now());
            }, start, len));
        }
        std::vector<long long> woke;
        for (std::size_t i = 0; i < hs.size(); ++i) {
            woke.push_back(co_await hs[i]);
            EXPECT_EQ(woke.back(), wanted[i]) << "sleeper " << i;
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_return woke;
    }(n, seed));
}

TEST(pause, auto_advance_with_many_timers_fires_each_exactly_on_time) {
    const auto wall = std::chrono::steady_clock::now();
    auto woke = random_sleepers(10'000, 1);
    EXPECT_EQ(woke.size(), 10'000u);
    EXPECT_LT(std::chrono::steady_clock::now() - wall, 10s);
}

TEST(pause, paused_time_is_deterministic) {
    EXPECT_EQ(random_sleepers(2'000, 99), random_sleepers(2'000, 99));
}

TEST(pause, idle_runtime_without_timers_still_waits_for_external_wakes) {
    auto rt = paused_runtime();
    rt_test::manual_signal sig;
    std::thread firer;
    rt.block_on([](rt_test::manual_signal sig, std::thread& firer) -> rt::task<void> {
        const instant a = instant::now();
        firer = std::thread([sig] { sig.fire(); });
        co_await sig.wait();
        EXPECT_EQ(instant::now(), a);  // nothing to auto-advance to
    }(sig, firer));
    firer.join();
}

}  // namespace
