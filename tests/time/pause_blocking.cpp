// tests/time/pause_blocking.cpp — paused time and the blocking pool: the clock does not
// auto-advance while a spawn_blocking task of the runtime is in flight (Tokio inhibits auto-advance
// for blocking work), so a timeout around blocking work sees its value or its exception.
//
// The blocking functions wait until the runtime has gone idle, observed as either of the two
// outcomes: the runtime thread blocked in its driver (the fixed behaviour: no auto-advance), or the
// paused clock moved (the defect: auto-advance). No sleeps: whichever happens first ends the wait.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

/// Returns once the current runtime went idle: parked in its driver, or past `start` in time.
void wait_for_idle_runtime(instant start) {
    while (!rt::time::detail::driver_blocked() && instant::now() == start) std::this_thread::yield();
}

// Issue #14, item 10: the paused clock auto-advanced while a spawn_blocking task was running, so
// timeout(1ms, spawn_blocking(...)) elapsed at once.
TEST(pause_blocking, the_clock_does_not_auto_advance_while_blocking_work_runs) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        auto h = rt::spawn_blocking([start] {
            wait_for_idle_runtime(start);
            return 5;
        });
        auto r = co_await rt::time::timeout(1ms, std::move(h));
        EXPECT_EQ(instant::now(), start);  // time stood still while the blocking work ran
        EXPECT_TRUE(r.has_value());
        if (r.has_value()) {
            EXPECT_EQ(r.value(), 5);
        }
    }());
}

// Issue #14, item 10: a blocking task that throws delivers its exception through the timeout,
// not `elapsed`.
TEST(pause_blocking, a_throwing_blocking_task_delivers_its_exception_not_elapsed) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        auto h = rt::spawn_blocking([start]() -> int {
            wait_for_idle_runtime(start);
            throw std::runtime_error("boom");
        });
        EXPECT_THROW((void)co_await rt::time::timeout(1ms, std::move(h)), std::runtime_error);
        EXPECT_EQ(instant::now(), start);
    }());
}

// Issue #14, item 10: once the blocking work is over, auto-advance resumes: a later sleep
// completes at once in real time, at its exact paused deadline.
TEST(pause_blocking, auto_advance_resumes_when_the_blocking_work_is_done) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        const instant start = instant::now();
        co_await rt::spawn_blocking([] { return 1; });
        EXPECT_EQ(instant::now(), start);
        co_await rt::time::sleep(1h);
        EXPECT_EQ(ms_since(start, instant::now()), 3'600'000);
    }());
}

}  // namespace
