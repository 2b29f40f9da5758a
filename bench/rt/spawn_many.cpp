// bench/rt/spawn_many.cpp — `spawn_many` workload (bench/README.md): spawn 1,000,000 tasks that
// each return their index, keeping the join handles, then await every handle in spawn order and
// sum the results; prints ns per task as one JSON line. Flavors: current_thread, multi_thread.
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
constexpr std::uint64_t ops = 1'000'000;

rt::task<std::uint64_t> leaf(std::uint64_t i) { co_return i; }

rt::task<double> body() {
    const auto t0 = clk::now();
    std::vector<rt::join_handle<std::uint64_t>> handles;
    handles.reserve(ops);
    for (std::uint64_t i = 0; i < ops; ++i) handles.push_back(rt::spawn(leaf, i));
    std::uint64_t sum = 0;
    for (auto& h : handles) sum += co_await h;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "spawn_many", ops, "current_thread", body);
}
