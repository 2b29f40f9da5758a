// A [[rt::test]] that fails on purpose (an expectation, then an exception): the binary exits 1.
#include <gtest/gtest.h>
#include <stdexcept>
#include <rt/runtime.hpp>

[[rt::test]]
rt::task<void> fails_on_purpose() {
    EXPECT_EQ(1, 2);
    throw std::runtime_error("and an exception escapes the task");
    co_return;
}
