// bench/rt/semaphore_contended.cpp — `semaphore_contended` workload (bench/README.md): a semaphore
// with 8 permits; 64 tasks each 10,000 x (acquire one permit, yield_now() while holding it,
// release), so acquirers really queue. Prints ns per acquire/release as one JSON line.
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
constexpr std::uint64_t tasks = 64;
constexpr std::uint64_t per_task = 10'000;
constexpr std::uint64_t ops = tasks * per_task;

rt::task<double> body() {
    auto sem = std::make_shared<rt::sync::semaphore>(8);
    const auto t0 = clk::now();
    std::vector<rt::join_handle<std::uint64_t>> hs;
    hs.reserve(tasks);
    for (std::uint64_t t = 0; t < tasks; ++t) {
        hs.push_back(rt::spawn([](std::shared_ptr<rt::sync::semaphore> sem) -> rt::task<std::uint64_t> {
            std::uint64_t got = 0;
            for (std::uint64_t i = 0; i < per_task; ++i) {
                auto permit = co_await sem->acquire();
                got += permit->count();
                co_await rt::yield_now();
            }
            co_return got;
        }, sem));
    }
    std::uint64_t sum = 0;
    for (auto& h : hs) sum += co_await h;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "semaphore_contended", ops, "multi_thread", body);
}
