// spawn_many, Boost.Asio peer: co_spawn 1,000,000 trivial awaitables (each
// returns its index) onto one io_context run by one thread (concurrency hint
// 1), each with a completion handler that sums the result; the time runs from
// the first co_spawn until io_context::run() returns, i.e. all have completed.
// Compared with the current_thread rows of rt and Tokio.
#include <boost/asio.hpp>

#include "common.hpp"

namespace asio = boost::asio;

static asio::awaitable<std::uint64_t> trivial(std::uint64_t i) { co_return i; }

int main() {
    constexpr std::uint64_t tasks = 1'000'000;
    asio::io_context ctx{1};
    std::uint64_t sum = 0, done = 0;
    auto start = peer::clock::now();
    for (std::uint64_t i = 0; i < tasks; ++i)
        asio::co_spawn(ctx, trivial(i), [&](std::exception_ptr e, std::uint64_t v) {
            if (e) std::rethrow_exception(e);
            sum += v;
            ++done;
        });
    ctx.run();
    double ns = peer::ns_since(start);
    if (done != tasks || sum != tasks * (tasks - 1) / 2) return 1;
    peer::print_per_op("spawn_many", "current_thread", tasks, ns);
}
