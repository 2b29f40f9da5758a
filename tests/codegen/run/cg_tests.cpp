// [[rt::test]] basics: tests run on a fresh current-thread runtime, can co_await, and take options.
#include <gtest/gtest.h>
#include <rt/runtime.hpp>
#include <rt/time.hpp>

namespace {
rt::task<int> twice(int x) { co_return 2 * x; }
}  // namespace

[[rt::test]]
rt::task<void> awaits_a_child_task() {
    int v = co_await twice(21);
    EXPECT_EQ(v, 42);
}

namespace nested {
[[rt::test(rng_seed = 7, suite = "codegen_options")]]
rt::task<void> runs_with_options() {
    EXPECT_EQ(co_await twice(1), 2);
    co_return;
}
}  // namespace nested

namespace deterministic {
int runs = 0;

// Runs once per seed, each on a fresh deterministic runtime whose clock starts paused.
[[rt::test(deterministic = true, seeds = 8, suite = "codegen_deterministic")]]
rt::task<void> runs_once_per_seed_with_a_paused_clock() {
    const auto start = rt::time::instant::now();
    co_await rt::time::sleep(std::chrono::hours(1));
    EXPECT_EQ(rt::time::instant::now() - start, std::chrono::nanoseconds(std::chrono::hours(1)));
    EXPECT_EQ(co_await rt::spawn_blocking([] { return ++runs; }), runs);
}
}  // namespace deterministic
