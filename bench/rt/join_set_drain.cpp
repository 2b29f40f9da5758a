// bench/rt/join_set_drain.cpp — `join_set_drain` workload (bench/README.md): spawn 100,000 tasks
// into a join_set, each yielding once and returning its index, then join_next until the set is
// empty, summing the outputs; prints ns per task as one JSON line. Pins issue #14 item 8: with a
// scan per join_next the drain was quadratic (646 ms for 16k tasks); it must stay linear.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
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
constexpr std::uint64_t ops = 100'000;

rt::task<std::uint64_t> leaf(std::uint64_t i) {
    co_await rt::yield_now();  // finish after the drain started, through the join waker
    co_return i;
}

rt::task<double> body() {
    const auto t0 = clk::now();
    rt::join_set<std::uint64_t> set;
    for (std::uint64_t i = 0; i < ops; ++i) set.spawn(leaf, i);
    std::uint64_t sum = 0;
    while (auto v = co_await set.join_next()) sum += *v;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    if (sum != ops * (ops - 1) / 2) throw std::runtime_error("wrong sum");
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "join_set_drain", ops, "multi_thread", body);
}
