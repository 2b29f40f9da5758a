// bench/rt/yield_many.cpp — `yield_many` workload (bench/README.md): spawn 1,000 tasks that each
// call yield_now() 1,000 times, then await them all; prints ns per yield as one JSON line.
// Flavor: multi_thread (2 workers); current_thread is accepted too.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "bench_main.hpp"

namespace {

using clk = std::chrono::steady_clock;
constexpr std::uint64_t tasks = 1'000;
constexpr std::uint64_t yields = 1'000;
constexpr std::uint64_t ops = tasks * yields;

rt::task<std::uint64_t> yielder() {
    std::uint64_t n = 0;
    for (std::uint64_t i = 0; i < yields; ++i) {
        co_await rt::yield_now();
        ++n;
    }
    co_return n;
}

rt::task<double> body() {
    const auto t0 = clk::now();
    std::vector<rt::join_handle<std::uint64_t>> handles;
    handles.reserve(tasks);
    for (std::uint64_t i = 0; i < tasks; ++i) handles.push_back(rt::spawn(yielder));
    std::uint64_t sum = 0;
    for (auto& h : handles) sum += co_await h;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "yield_many", ops, "multi_thread", body);
}
