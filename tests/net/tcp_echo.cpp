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

TEST(tcp, a_read_shorter_than_its_buffer_still_sees_data_that_arrives_later) {
    // A short read tells the reactor the socket was drained (its readiness is cleared, saving the
    // EAGAIN read): the next read must then wait for the kernel's next event, not miss it.
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto c = co_await rt::net::tcp_stream::connect(l.local_addr());
        auto [s, peer] = co_await l.accept();
        std::array<std::byte, 64> buf;
        co_await c.write_all("abc");
        const std::size_t first = co_await s.read(buf);  // short: 3 of 64
        EXPECT_EQ(text(std::span(buf).first(first)), "abc");
        auto next = s.read(buf);
        EXPECT_FALSE(co_await rt_test::poll_once{next});  // drained: waits, no data invented
        co_await c.write_all("defg");
        EXPECT_EQ(co_await next, 4u);
        EXPECT_EQ(text(std::span(buf).first(4)), "defg");
        // A peek never clears the readiness: the bytes it saw are still there for the read.
        co_await c.write_all("hi");
        std::array<std::byte, 64> peeked;
        EXPECT_EQ(co_await s.peek(peeked), 2u);
        EXPECT_EQ(co_await s.read(buf), 2u);
    }());
}

TEST(tcp, short_writes_into_a_full_send_buffer_resume_when_the_peer_reads) {
    // A write shorter than its buffer means the send buffer is full; its readiness is cleared and
    // the writer must be woken by the kernel's next "writable" event once the peer drains it.
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    rt.block_on(rt.spawn([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto c = co_await rt::net::tcp_stream::connect(l.local_addr());
        auto [s, peer] = co_await l.accept();
        std::string payload(8 << 20, 'x');
        auto writer = rt::spawn([](rt::net::tcp_stream& c, const std::string& p) -> rt::task<std::size_t> {
            std::size_t written = 0;
            auto rest = rt_test::bytes(p);
            while (!rest.empty()) {
                const std::size_t n = co_await c.write(rest);  // often short: the buffer fills
                written += n;
                rest = rest.subspan(n);
            }
            co_await c.shutdown();
            co_return written;
        }, std::ref(c), std::cref(payload));
        std::size_t got = 0;
        std::vector<std::byte> buf(64 * 1024);
        while (auto n = co_await s.read(buf)) got += n;
        EXPECT_EQ(co_await writer, payload.size());
        EXPECT_EQ(got, payload.size());
    }()));
}

}  // namespace
