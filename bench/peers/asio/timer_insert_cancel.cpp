// timer_insert_cancel, Boost.Asio peer: 1,000,000 times create a steady_timer
// expiring in 1 s, start an async_wait (this inserts it into the timer queue)
// and destroy the timer (this cancels it and queues the handler with
// operation_aborted). Queued handlers are run by io_context::poll() every 256
// timers and at the end; the time includes running them. One thread,
// concurrency hint 1. Compared with the current_thread rows of rt and Tokio.
#include <boost/asio.hpp>

#include "common.hpp"

namespace asio = boost::asio;

int main() {
    constexpr std::uint64_t timers = 1'000'000;
    asio::io_context ctx{1};
    auto guard = asio::make_work_guard(ctx);  // poll() must not stop the context when it runs dry
    std::uint64_t aborted = 0;
    auto start = peer::clock::now();
    for (std::uint64_t i = 0; i < timers; ++i) {
        {
            asio::steady_timer timer(ctx, std::chrono::seconds(1));
            timer.async_wait([&](boost::system::error_code ec) { aborted += ec == asio::error::operation_aborted; });
        }
        if (i % 256 == 255) ctx.poll();
    }
    ctx.poll();
    double ns = peer::ns_since(start);
    if (aborted != timers) return 1;
    peer::print_per_op("timer_insert_cancel", "current_thread", timers, ns);
}
