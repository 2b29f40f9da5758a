// tests/net/tcp_echo.cpp — TCP round trips on the reactor: listener/stream basics, EOF and
// half-close, split halves, options, IPv6.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

namespace {

using rt_test::bytes;
using rt_test::text;

// An echo server task: accepts `conns` connections and echoes each until EOF.
rt::task<void> echo_server(rt::net::tcp_listener& l, int conns) {
    std::vector<rt::join_handle<void>> hs;
    for (int i = 0; i < conns; ++i) {
        auto [s, peer] = co_await l.accept();
        hs.push_back(rt::spawn([](rt::net::tcp_stream s) -> rt::task<void> {
            std::array<std::byte, 1024> buf;
            while (auto n = co_await s.read(buf)) co_await s.write_all(std::span(buf).first(n));
        }, std::move(s)));
    }
    for (auto& h : hs) co_await h;
}

TEST(tcp, echo_round_trip_on_loopback) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        const auto addr = l.local_addr();
        EXPECT_NE(addr.port(), 0);
        auto server = rt::spawn(echo_server, std::ref(l), 1);
        auto c = co_await rt::net::tcp_stream::connect(addr);
        EXPECT_EQ(c.peer_addr(), addr);
        co_await c.write_all("hello, reactor");
        std::array<std::byte, 64> buf;
        std::string got;
        while (got.size() < 14) {
            auto n = co_await c.read(buf);
            EXPECT_GT(n, 0u);
            if (n == 0) break;
            got += text(std::span(buf).first(n));
        }
        EXPECT_EQ(got, "hello, reactor");
        co_await c.shutdown();
        EXPECT_EQ(co_await c.read(buf), 0u);  // server saw EOF, finished, closed
        co_await server;
    }());
}

TEST(tcp, large_transfer_with_backpressure_arrives_intact) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto server = rt::spawn(echo_server, std::ref(l), 1);
        auto c = co_await rt::net::tcp_stream::connect(l.local_addr());
        std::string payload(4 << 20, '\0');
        for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 31 + (i >> 8));
        auto [r, w] = c.split();
        // The writer must run concurrently with the reader, or both socket buffers fill up.
        auto writer = rt::spawn([](rt::net::write_half w, const std::string& p) -> rt::task<void> {
            co_await w.write_all(p);
            co_await w.shutdown();
        }, w, std::cref(payload));
        std::string got;
        std::vector<std::byte> buf(64 * 1024);
        while (auto n = co_await r.read(buf)) got += text(std::span(buf).first(n));
        co_await writer;
        co_await server;
        EXPECT_EQ(got.size(), payload.size());
        EXPECT_TRUE(got == payload);
    }());
}

TEST(tcp, read_returns_zero_after_peer_half_closes_and_write_still_works) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto c = co_await rt::net::tcp_stream::connect(l.local_addr());
        auto [s, peer] = co_await l.accept();
        EXPECT_EQ(peer, c.local_addr());
        co_await c.shutdown();  // client: no more writes
        std::array<std::byte, 16> buf;
        EXPECT_EQ(co_await s.read(buf), 0u);
        EXPECT_EQ(co_await s.read(buf), 0u);  // EOF is sticky
        co_await s.write_all("still open");  // the other direction is unaffected
        { auto closing = std::move(s); }      // full close after the write
        EXPECT_EQ(co_await rt_test::read_to_end(c), "still open");
    }());
}

}  // namespace
