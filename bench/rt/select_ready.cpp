// bench/rt/select_ready.cpp — `select_ready` workload (bench/README.md): 1,000,000 selects (random
// start, not biased) over two leaf futures ready at their first poll, summing the winner's value;
// prints ns per select as one JSON line. Two rows: the [[rt::select]] state machine that rt-codegen
// generates (the `ns_per_op` compared with Tokio's select!), and the library rt::select
// (`library_ns_per_op`).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <variant>

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

struct result {
    double generated_ns;
    double library_ns;
};

rt::task<result> body() {
    std::uint64_t sum = 0;
    auto t0 = clk::now();
    for (std::uint64_t i = 0; i < ops; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(ready_u64{i}); true) sum += v;
            if (auto v = s.on(ready_u64{i + 1}); true) sum += v;
        }
    }
    const double generated = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    t0 = clk::now();
    for (std::uint64_t i = 0; i < ops; ++i) {
        auto won = co_await rt::select(ready_u64{i}, ready_u64{i + 1});
        sum += std::visit([](std::uint64_t v) { return v; }, won);
    }
    const double library = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    co_return result{generated, library};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string flavor = rt_bench::flavor_arg(argc, argv);
    try {
        auto runtime = rt_bench::make_runtime(flavor);
        const result r = runtime.block_on(runtime.spawn(body));
        std::printf("{\"workload\":\"select_ready\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.2f,\"library_ns_per_op\":%.2f}\n",
                    flavor.c_str(), static_cast<unsigned long long>(ops), r.generated_ns / static_cast<double>(ops),
                    r.library_ns / static_cast<double>(ops));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_select_ready: %s\n", e.what());
        return 1;
    }
    return 0;
}
