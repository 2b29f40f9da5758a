// bench/rt/mpsc_1to1.cpp — `mpsc_1to1` workload (bench/README.md): bounded mpsc of capacity 1024,
// 1 producer task sends 10,000,000 u64 (`co_await send`); a consumer task sums until the channel
// closes; timed from spawning until the consumer is joined. Prints ns per message as one JSON line.
// mpsc_4to1.cpp includes this file with RT_BENCH_MPSC_PRODUCERS=4 (the same program, 4 producers).
#ifndef RT_BENCH_MPSC_PRODUCERS
#define RT_BENCH_MPSC_PRODUCERS 1
#define RT_BENCH_MPSC_NAME "mpsc_1to1"
#endif
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
constexpr std::uint64_t ops = 10'000'000;
constexpr std::uint64_t producers = RT_BENCH_MPSC_PRODUCERS;

rt::task<double> body() {
    const auto t0 = clk::now();
    auto [tx, rx] = rt::sync::mpsc::channel<std::uint64_t>(1024);
    for (std::uint64_t p = 0; p < producers; ++p) {
        rt::spawn([](rt::sync::mpsc::sender<std::uint64_t> tx) -> rt::task<void> {
            for (std::uint64_t i = 0; i < ops / producers; ++i) {
                if (!co_await tx.send(i)) throw std::runtime_error("receiver gone");
            }
        }, tx).detach();
    }
    { auto drop = std::move(tx); }
    auto consumer = rt::spawn([](rt::sync::mpsc::receiver<std::uint64_t> rx) -> rt::task<std::uint64_t> {
        std::uint64_t sum = 0;
        while (auto v = co_await rx.recv()) sum += *v;
        co_return sum;
    }, std::move(rx));
    const std::uint64_t sum = co_await consumer;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    if (sum != producers * ((ops / producers) * (ops / producers - 1) / 2)) throw std::runtime_error("wrong sum");
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, RT_BENCH_MPSC_NAME, ops, "multi_thread", body);
}
