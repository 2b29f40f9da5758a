// tests/net/many_connections.cpp — 1,000 concurrent loopback connections, each exchanging its own
// data through an echo server, on the current-thread runtime and on the multi-thread runtime.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

#include <sys/resource.h>

namespace {

constexpr int connections = 1000;
constexpr std::size_t message = 2048;

// 2 fds per connection plus the runtime's own: raise the soft limit for this process if needed.
void ensure_fd_limit(rlim_t want) {
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    if (r.rlim_cur < want) {
        r.rlim_cur = std::min(want, r.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &r);
    }
}

rt::task<void> serve_one(rt::net::tcp_stream s) {
    std::array<std::byte, 1024> buf;
    while (auto n = co_await s.read(buf)) co_await s.write_all(std::span(buf).first(n));
}

rt::task<void> accept_all(rt::net::tcp_listener& l, int n) {
    std::vector<rt::join_handle<void>> hs;
    for (int i = 0; i < n; ++i) {
        auto [s, peer] = co_await l.accept();
        hs.push_back(rt::spawn(serve_one, std::move(s)));
    }
    for (auto& h : hs) co_await h;
}

// Sends a pattern unique to `id`, half-closes, and checks that exactly that pattern comes back.
rt::task<bool> client(rt::net::socket_addr addr, int id) {
    auto c = co_await rt::net::tcp_stream::connect(addr);
    std::string mine(message, '\0');
    for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = static_cast<char>('a' + (id * 7 + i) % 26);
    auto [r, w] = c.split();
    co_await w.write_all(mine);
    co_await w.shutdown();
    const std::string back = co_await rt_test::read_to_end(r);
    co_return back == mine;
}

rt::task<int> exchange_all() {
    auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    const auto addr = l.local_addr();
    auto server = rt::spawn(accept_all, std::ref(l), connections);
    std::vector<rt::join_handle<bool>> clients;
    for (int i = 0; i < connections; ++i) clients.push_back(rt::spawn(client, addr, i));
    int ok = 0;
    for (auto& h : clients) ok += (co_await h) ? 1 : 0;
    co_await server;
    co_return ok;
}

TEST(many_connections, thousand_concurrent_echoes_on_current_thread) {
    ensure_fd_limit(4 * connections + 256);
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(exchange_all()), connections);
}

TEST(many_connections, thousand_concurrent_echoes_on_multi_thread) {
    ensure_fd_limit(4 * connections + 256);
    std::optional<rt::runtime> rt;
    try {
        rt.emplace(rt::runtime::builder().multi_thread().worker_threads(2).build());
    } catch (const rt::usage_error&) {
        GTEST_SKIP() << "the multi-thread runtime is not available in this build yet";
    }
    EXPECT_EQ(rt->block_on(exchange_all()), connections);
}

}  // namespace
