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
    const std::string flavor = rt_bench::flavor_arg(argc, argv);
    try {
        auto runtime = rt_bench::make_runtime(flavor);
        const double ns = runtime.block_on(runtime.spawn(body));
        std::printf("{\"workload\":\"spawn_many\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.2f}\n",
                    flavor.c_str(), static_cast<unsigned long long>(ops), ns / static_cast<double>(ops));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_spawn_many: %s\n", e.what());
        return 1;
    }
    return 0;
}
