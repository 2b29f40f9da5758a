// Shared helpers of the Boost.Asio peer programs: a monotonic stopwatch and
// the one-line JSON result that every benchmark program prints (bench/README.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace peer {

using clock = std::chrono::steady_clock;

inline double ns_since(clock::time_point start) {
    return std::chrono::duration<double, std::nano>(clock::now() - start).count();
}

inline void print_per_op(const char* workload, const char* flavor, std::uint64_t ops, double total_ns) {
    std::printf("{\"workload\":\"%s\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.3f}\n", workload, flavor,
                static_cast<unsigned long long>(ops), total_ns / static_cast<double>(ops));
}

}  // namespace peer
