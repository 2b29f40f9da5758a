// bench/rt/timer_insert_cancel.cpp — `timer_insert_cancel` workload (bench/README.md): 1,000,000 ×
// (create sleep(1 s), poll it once with the task's context so it registers in the timer wheel,
// destroy it so it unregisters); prints ns per insert+cancel pair as one JSON line. rt's coop
// budget is only spent by completed operations, so every one of these polls reaches the wheel.
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

/// Polls the future it points to exactly once; ready with whether that poll completed it.
template <class F>
struct poll_once {
    F* fut;
    rt::poll_result<bool> poll(rt::context& cx) { return fut->poll(cx).is_ready(); }
};

rt::task<double> body() {
    const auto t0 = clk::now();
    std::uint64_t fired = 0;
    for (std::uint64_t i = 0; i < ops; ++i) {
        auto sleep = rt::time::sleep(std::chrono::seconds(1));
        fired += co_await poll_once<rt::time::sleep_future>{&sleep} ? 1 : 0;
    }
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = fired;  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string flavor = rt_bench::flavor_arg(argc, argv);
    try {
        auto runtime = rt_bench::make_runtime(flavor);
        const double ns = runtime.block_on(runtime.spawn(body));
        std::printf("{\"workload\":\"timer_insert_cancel\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.2f}\n",
                    flavor.c_str(), static_cast<unsigned long long>(ops), ns / static_cast<double>(ops));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_timer_insert_cancel: %s\n", e.what());
        return 1;
    }
    return 0;
}
