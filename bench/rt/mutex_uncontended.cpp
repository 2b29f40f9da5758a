// bench/rt/mutex_uncontended.cpp — `mutex_uncontended` workload (bench/README.md): one task does
// 1,000,000 x (lock the async mutex, increment the u64 it guards, unlock). Prints ns per
// lock/unlock as one JSON line.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
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

rt::task<double> body() {
    rt::sync::mutex<std::uint64_t> m(0);
    const auto t0 = clk::now();
    for (std::uint64_t i = 0; i < ops; ++i) {
        auto g = co_await m.lock();
        *g += 1;
    }
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = *(co_await m.lock());  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "mutex_uncontended", ops, "current_thread", body);
}
