// [[rt::test]] basics: tests run on a fresh current-thread runtime, can co_await, and take options.
#include <gtest/gtest.h>
#include <rt/runtime.hpp>

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
