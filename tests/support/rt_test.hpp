// tests/support/rt_test.hpp — what every rt test includes: GoogleTest, the standard headers the tests
// use, then rt itself — `import rt;` in the modules preset, `#include <rt/rt.hpp>` otherwise.
// Standard headers come first so nothing is textually included after the import.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <ranges>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <unistd.h>   // mini_redis INFO (sysconf, getpid)
#include <pthread.h>  // worker thread names and stack sizes (tests/runtime/builder_options.cpp)

#ifdef RT_TEST_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "support/test_futures.hpp"
