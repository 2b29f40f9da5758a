// bench/rt/chained_spawn.cpp — `chained_spawn` workload (bench/README.md): a task spawns the next
// one and returns without awaiting it; after 1,000,000 hops the last task sends on a oneshot that
// the measuring task awaits. Prints ns per hop as one JSON line. Flavor: multi_thread.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
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
namespace oneshot = rt::sync::oneshot;

rt::task<void> hop(std::uint64_t n, oneshot::sender<std::uint64_t> done) {
    if (n == 0) {
        (void)std::move(done).send(ops);
    } else {
        rt::spawn(hop, n - 1, std::move(done)).detach();
    }
    co_return;
}

rt::task<double> body() {
    const auto t0 = clk::now();
    auto [tx, rx] = oneshot::channel<std::uint64_t>();
    rt::spawn(hop, ops - 1, std::move(tx)).detach();  // ops tasks in all
    auto got = co_await rx;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    if (!got || *got != ops) throw std::runtime_error("the chain broke");
    volatile std::uint64_t keep = *got;  // the work must not be optimised away
    (void)keep;
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "chained_spawn", ops, "multi_thread", body);
}
