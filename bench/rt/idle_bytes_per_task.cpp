// bench/rt/idle_bytes_per_task.cpp — `idle_bytes_per_task` workload (bench/README.md): RSS before;
// 100,000 oneshot channels with the senders kept in a vector; a task per receiver that bumps a
// counter and awaits it; wait (1 ms sleeps) until all 100,000 are parked; RSS after; report
// (after - before) / 100,000; then drop the senders. Flavor: current_thread.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "bench_main.hpp"

namespace {

constexpr std::uint64_t ops = 100'000;
namespace oneshot = rt::sync::oneshot;

long rss_bytes() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}

rt::task<double> body() {
    std::atomic<std::uint64_t> parked{0};
    const long before = rss_bytes();
    std::vector<oneshot::sender<std::monostate>> senders;
    senders.reserve(ops);
    for (std::uint64_t i = 0; i < ops; ++i) {
        auto [tx, rx] = oneshot::channel<std::monostate>();
        senders.push_back(std::move(tx));
        rt::spawn([](oneshot::receiver<std::monostate> rx, std::atomic<std::uint64_t>& parked) -> rt::task<void> {
            parked.fetch_add(1, std::memory_order_relaxed);
            (void)co_await rx;
        }, std::move(rx), std::ref(parked)).detach();
    }
    while (parked.load(std::memory_order_relaxed) < ops) co_await rt::time::sleep(std::chrono::milliseconds(1));
    const long after = rss_bytes();
    senders.clear();  // every task's receiver now sees "closed" and the task ends
    co_return static_cast<double>(after - before) / static_cast<double>(ops);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string flavor = rt_bench::flavor_arg(argc, argv);
    try {
        auto runtime = rt_bench::make_runtime(flavor);
        const double bytes = runtime.block_on(runtime.spawn(body));
        std::printf("{\"workload\":\"idle_bytes_per_task\",\"flavor\":\"%s\",\"ops\":%llu,\"bytes_per_task\":%.1f}\n",
                    flavor.c_str(), static_cast<unsigned long long>(ops), bytes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_idle_bytes_per_task: %s\n", e.what());
        return 1;
    }
    return 0;
}
