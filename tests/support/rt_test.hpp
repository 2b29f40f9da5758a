// tests/support/rt_test.hpp — what every rt test includes: GoogleTest, the standard headers the tests
// use, then rt itself — `import rt;` in the modules preset, `#include <rt/rt.hpp>` otherwise.
// Standard headers come first so nothing is textually included after the import.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#ifdef RT_TEST_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "support/test_futures.hpp"
