// bench/rt/timeout_ready.cpp — `timeout_ready` workload (bench/README.md): 1,000,000 ×
// `co_await timeout(1 s, f)` where f is a leaf future ready at its first poll (so the timer wheel is
// never touched), summing the values; prints ns per timeout as one JSON line.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "bench_main.hpp"

namespace {

using clk = std::chrono::steady_clock;
constexpr std::uint64_t ops = 1'000'000;

/// Ready at its first poll with its value (Tokio: std::future::ready).
struct ready_u64 {
    std::uint64_t v;
    rt::poll_result<std::uint64_t> poll(rt::context&) { return v; }
};

rt::task<double> body() {
    const auto t0 = clk::now();
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < ops; ++i) {
        sum += (co_await rt::time::timeout(std::chrono::seconds(1), ready_u64{i})).value();
    }
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
        std::printf("{\"workload\":\"timeout_ready\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.2f}\n",
                    flavor.c_str(), static_cast<unsigned long long>(ops), ns / static_cast<double>(ops));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_timeout_ready: %s\n", e.what());
        return 1;
    }
    return 0;
}
