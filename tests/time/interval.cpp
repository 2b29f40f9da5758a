// tests/time/interval.cpp — interval ticks, and each missed-tick behaviour after a stall (Tokio's
// time_interval tests, plus a 3.5-period stall), reset, and cancellation.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;
using rt::time::missed_tick_behavior;

/// Polls `iv` until it is pending; the scheduled instants of the ticks that were ready, in ms
/// since `start` (Tokio's check_interval_poll!).
std::vector<long long> ready_ticks(mock_task& t, rt::time::interval_timer& iv, instant start) {
    std::vector<long long> out;
    for (;;) {
        auto tick = iv.tick();
        auto r = t.poll(tick);
        if (r.is_pending()) return out;
        out.push_back(ms_since(start, r.take()));
    }
}

using ticks = std::vector<long long>;

TEST(interval, zero_period_is_rejected) {
    EXPECT_THROW((void)rt::time::interval(0ms), rt::usage_error);
    EXPECT_THROW((void)rt::time::interval_at(instant::now(), -1ms), rt::usage_error);
}

TEST(interval, first_tick_is_immediate_and_returns_the_start) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        auto iv = rt::time::interval(10ms);
        EXPECT_EQ(co_await iv.tick(), start);
        EXPECT_EQ(co_await iv.tick(), start + 10ms);
        EXPECT_EQ(instant::now(), start + 10ms);
        EXPECT_EQ(iv.period(), 10ms);
        EXPECT_EQ(iv.missed_tick_behavior(), missed_tick_behavior::burst);
    }());
}

// Tokio time_interval `burst`, `delay`, `skip`: period 300 ms, a 650 ms stall after the tick at 300.
ticks after_650ms_stall(missed_tick_behavior b, std::vector<std::pair<int, ticks>>& steps) {
    auto rt = paused_runtime();
    rt.block_on([](missed_tick_behavior b, std::vector<std::pair<int, ticks>>& steps) -> rt::task<void> {
        const instant start = instant::now();
        co_await rt::time::advance(1ms);
        mock_task t;
        auto iv = rt::time::interval_at(start, 300ms);
        iv.set_missed_tick_behavior(b);
        for (auto& [advance_ms, expected] : steps) {
            if (advance_ms > 0) co_await rt::time::advance(ms(advance_ms));
            EXPECT_EQ(ready_ticks(t, iv, start), expected) << "after advancing " << advance_ms << " ms";
        }
    }(b, steps));
    return {};
}

TEST(interval, burst_fires_missed_ticks_at_once_and_keeps_the_grid) {
    std::vector<std::pair<int, ticks>> steps{{0, {0}},        {100, {}},      {200, {300}}, {650, {600, 900}},
                                             {200, {}},       {100, {1200}},  {250, {1500}}, {300, {1800}}};
    after_650ms_stall(missed_tick_behavior::burst, steps);
}

TEST(interval, delay_restarts_one_period_after_the_late_tick) {
    std::vector<std::pair<int, ticks>> steps{{0, {0}},   {100, {}},      {200, {300}}, {650, {600}},
                                             {100, {}},  {200, {1251}},  {250, {}},    {50, {1551}}};
    after_650ms_stall(missed_tick_behavior::delay, steps);
}

TEST(interval, skip_drops_missed_ticks_and_returns_to_the_grid) {
    std::vector<std::pair<int, ticks>> steps{{0, {0}},   {100, {}},      {200, {300}}, {650, {600}},
                                             {200, {}},  {100, {1200}},  {250, {1500}}, {300, {1800}}};
    after_650ms_stall(missed_tick_behavior::skip, steps);
}

/// Period 100 ms; the owner stalls for 3.5 periods after the first tick, then takes 4 more ticks.
/// Returns (scheduled ms, taken-at ms) for each of those ticks.
std::vector<std::pair<long long, long long>> after_three_and_a_half_periods(missed_tick_behavior b) {
    std::vector<std::pair<long long, long long>> got;
    auto rt = paused_runtime();
    rt.block_on([](missed_tick_behavior b, std::vector<std::pair<long long, long long>>& got) -> rt::task<void> {
        const instant start = instant::now();
        auto iv = rt::time::interval(100ms);
        iv.set_missed_tick_behavior(b);
        EXPECT_EQ(co_await iv.tick(), start);
        co_await rt::time::sleep(350ms);  // the stall
        for (int i = 0; i < 4; ++i) {
            const instant scheduled = co_await iv.tick();
            got.emplace_back(ms_since(start, scheduled), ms_since(start, instant::now()));
        }
    }(b, got));
    return got;
}

TEST(interval, burst_after_a_stall_of_three_and_a_half_periods) {
    const std::vector<std::pair<long long, long long>> want{{100, 350}, {200, 350}, {300, 350}, {400, 400}};
    EXPECT_EQ(after_three_and_a_half_periods(missed_tick_behavior::burst), want);
}

TEST(interval, delay_after_a_stall_of_three_and_a_half_periods) {
    const std::vector<std::pair<long long, long long>> want{{100, 350}, {450, 450}, {550, 550}, {650, 650}};
    EXPECT_EQ(after_three_and_a_half_periods(missed_tick_behavior::delay), want);
}

TEST(interval, skip_after_a_stall_of_three_and_a_half_periods) {
    const std::vector<std::pair<long long, long long>> want{{100, 350}, {400, 400}, {500, 500}, {600, 600}};
    EXPECT_EQ(after_three_and_a_half_periods(missed_tick_behavior::skip), want);
}

TEST(interval, reset_moves_the_next_tick_a_period_from_now) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        auto iv = rt::time::interval(100ms);
        (void)co_await iv.tick();
        co_await rt::time::advance(30ms);
        iv.reset();
        EXPECT_EQ(co_await iv.tick(), start + 130ms);
        iv.reset_immediately();
        EXPECT_EQ(co_await iv.tick(), start + 130ms);
        iv.reset_after(5ms);
        EXPECT_EQ(co_await iv.tick(), start + 135ms);
        EXPECT_EQ(co_await iv.tick(), start + 235ms);
    }());
}

TEST(interval, reset_while_a_tick_is_pending_keeps_the_waiter) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        const instant start = instant::now();
        auto iv = rt::time::interval(100ms);
        EXPECT_EQ(ready_ticks(t, iv, start), ticks{0});
        iv.reset_at(start + 40ms);
        co_await rt::time::advance(40ms);
        EXPECT_TRUE(t.is_woken());
        EXPECT_EQ(ready_ticks(t, iv, start), ticks{40});
    }());
}

TEST(interval, dropping_an_interval_with_a_pending_tick_unregisters_it) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        mock_task t;
        {
            auto iv = rt::time::interval(100ms);
            EXPECT_EQ(ready_ticks(t, iv, instant::now()), ticks{0});
            EXPECT_EQ(rt::time::detail::registered_timers(), 1u);
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
        co_await rt::time::advance(1s);
        EXPECT_EQ(t.wakes(), 0);
    }());
}

TEST(interval, ticks_drive_a_task_loop) {
    auto rt = paused_runtime();
    const int n = rt.block_on([]() -> rt::task<int> {
        auto iv = rt::time::interval(1h);
        const instant start = instant::now();
        int count = 0;
        while (instant::now() - start < std::chrono::hours(24)) {
            (void)co_await iv.tick();
            ++count;
        }
        co_return count;
    }());
    EXPECT_EQ(n, 25);  // ticks at 0h, 1h, ..., 24h
}

}  // namespace
