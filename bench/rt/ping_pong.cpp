// bench/rt/ping_pong.cpp — `ping_pong` workload (bench/README.md): two bounded mpsc channels of
// capacity 1; task A sends a u64 to task B, B replies with it + 1 on the other channel; 500,000
// round trips = 1,000,000 messages; both tasks spawned and joined. Prints ns per message.
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
constexpr std::uint64_t round_trips = 500'000;
constexpr std::uint64_t ops = 2 * round_trips;  // messages
namespace mpsc = rt::sync::mpsc;

rt::task<std::uint64_t> ping(mpsc::sender<std::uint64_t> tx, mpsc::receiver<std::uint64_t> rx) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < round_trips; ++i) {
        if (!co_await tx.send(i)) throw std::runtime_error("pong gone");
        auto reply = co_await rx.recv();
        if (!reply) throw std::runtime_error("pong closed");
        sum += *reply;
    }
    co_return sum;
}

rt::task<std::uint64_t> pong(mpsc::sender<std::uint64_t> tx, mpsc::receiver<std::uint64_t> rx) {
    std::uint64_t n = 0;
    while (auto v = co_await rx.recv()) {
        if (!co_await tx.send(*v + 1)) throw std::runtime_error("ping gone");
        ++n;
    }
    co_return n;
}

rt::task<double> body() {
    const auto t0 = clk::now();
    auto [to_b, b_rx] = mpsc::channel<std::uint64_t>(1);
    auto [to_a, a_rx] = mpsc::channel<std::uint64_t>(1);
    auto a = rt::spawn(ping, std::move(to_b), std::move(a_rx));
    auto b = rt::spawn(pong, std::move(to_a), std::move(b_rx));
    const std::uint64_t sum = co_await a;  // A's sender is gone now: B's recv sees the close
    const std::uint64_t served = co_await b;
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum + served;  // the work must not be optimised away
    (void)keep;
    if (served != round_trips || sum != round_trips * (round_trips + 1) / 2) throw std::runtime_error("wrong result");
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return rt_bench::run_per_op(argc, argv, "ping_pong", ops, "multi_thread", body);
}
