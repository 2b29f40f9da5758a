// bench/rt/sleeps.cpp — `sleeps` workload (bench/README.md): 100,000 tasks each sleep a random
// 1-100 ms (the README's LCG, seed 42) and measure how late they woke; prints wall time and the
// mean and p99 lateness as one JSON line. The multi_thread flavour uses 2 worker threads.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "bench_main.hpp"

namespace {

using clk = std::chrono::steady_clock;
constexpr std::size_t sleepers = 100'000;

std::vector<std::uint64_t> sleep_lengths_ms() {
    std::vector<std::uint64_t> out;
    out.reserve(sleepers);
    std::uint64_t x = 42;
    for (std::size_t i = 0; i < sleepers; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        out.push_back(1 + (x >> 33) % 100);
    }
    return out;
}

struct outcome {
    double wall_ms = 0;
    std::vector<double> late_ms;
};

rt::task<double> one_sleeper(std::uint64_t d) {
    const auto start = rt::time::instant::now();
    co_await rt::time::sleep(std::chrono::milliseconds(d));
    const auto slept = rt::time::instant::now() - start;
    const double late = std::chrono::duration<double, std::milli>(slept - std::chrono::milliseconds(d)).count();
    co_return late > 0 ? late : 0.0;
}

rt::task<outcome> body(std::vector<std::uint64_t> lengths) {
    const auto t0 = clk::now();
    std::vector<rt::join_handle<double>> handles;
    handles.reserve(lengths.size());
    for (std::uint64_t d : lengths) handles.push_back(rt::spawn(one_sleeper, d));
    outcome out;
    out.late_ms.reserve(lengths.size());
    for (auto& h : handles) out.late_ms.push_back(co_await h);
    out.wall_ms = std::chrono::duration<double, std::milli>(clk::now() - t0).count();
    co_return out;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string flavor = rt_bench::flavor_arg(argc, argv, "multi_thread");
    try {
        auto runtime = rt_bench::make_runtime(flavor);
        outcome o = runtime.block_on(runtime.spawn(body, sleep_lengths_ms()));
        std::sort(o.late_ms.begin(), o.late_ms.end());
        double sum = 0;
        for (double l : o.late_ms) sum += l;
        const std::size_t p99 = (sleepers * 99 + 99) / 100 - 1;
        std::printf("{\"workload\":\"sleeps\",\"flavor\":\"%s\",\"ops\":%zu,\"wall_ms\":%.3f,"
                    "\"mean_lateness_ms\":%.4f,\"p99_lateness_ms\":%.4f}\n",
                    flavor.c_str(), sleepers, o.wall_ms, sum / sleepers, o.late_ms[p99]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sleeps: %s\n", e.what());
        return 1;
    }
    return 0;
}
