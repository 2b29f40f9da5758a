// tests/model/all_headers_compile.cpp — issue #15 item 1: every rt header compiles with the model
// shim as RT_SHIM_HEADER, i.e. uses only names rt::model provides (the shim is the only door and
// rt::model implements all of it). Compile-time check; the test body only confirms it linked.
#include <gtest/gtest.h>

#include "rt/rt.hpp"
#include "rt/shim/model/model.hpp"

TEST(ModelShim, EveryRtHeaderCompilesAgainstTheModelShim) {
    static_assert(sizeof(rt::shim::atomic<std::uint64_t>) == sizeof(std::uint64_t));
    SUCCEED();
}
