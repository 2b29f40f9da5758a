// tests/modules/every_module_imports.cpp — each named module (or its header) builds and exports
// its area's names; in the modules preset this TU imports every module one by one.
#include <gtest/gtest.h>

#include <string>

#ifdef RT_TEST_MODULES
import rt.core;
import rt.runtime;
import rt.sync;
import rt.time;
import rt.net;
import rt.fs;
import rt;
#else
#include <rt/core.hpp>
#include <rt/fs.hpp>
#include <rt/net.hpp>
#include <rt/rt.hpp>
#include <rt/runtime.hpp>
#include <rt/sync.hpp>
#include <rt/time.hpp>
#endif

namespace {

TEST(every_module_imports, area_modules_export_their_names) {
    EXPECT_EQ(std::string(rt::sync::area_name), "sync");
    EXPECT_EQ(std::string(rt::time::area_name), "time");
    EXPECT_EQ(std::string(rt::net::area_name), "net");
    EXPECT_EQ(std::string(rt::fs::area_name), "fs");
}

TEST(every_module_imports, runtime_module_runs_a_task) {
    auto r = rt::runtime::builder().current_thread().build();
    EXPECT_EQ(r.block_on([]() -> rt::task<int> { co_return 11; }()), 11);
}

}  // namespace
