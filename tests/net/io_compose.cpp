// tests/net/io_compose.cpp — sockets compose with rt::io: a copy_bidirectional proxy between two
// TCP connections, and a length-delimited framed TCP server that survives an oversized frame.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

namespace {

using rt_test::bytes;
using rt_test::text;
using codec_t = rt::io::length_delimited_codec;

rt::task<void> echo_one(rt::net::tcp_listener& l) {
    auto [s, peer] = co_await l.accept();
    std::array<std::byte, 4096> buf;
    while (auto n = co_await s.read(buf)) co_await s.write_all(std::span(buf).first(n));
}

// Accepts one client and splices it to `upstream` with copy_bidirectional.
rt::task<std::pair<std::uint64_t, std::uint64_t>> proxy_one(rt::net::tcp_listener& front, rt::net::socket_addr upstream) {
    auto [client, peer] = co_await front.accept();
    auto server = co_await rt::net::tcp_stream::connect(upstream);
    auto counts = co_await rt::io::copy_bidirectional(client, server);
    co_return std::pair<std::uint64_t, std::uint64_t>(counts.first, counts.second);
}

TEST(io_compose, copy_bidirectional_proxies_between_two_tcp_connections) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto backend = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto front = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto echo = rt::spawn(echo_one, std::ref(backend));
        auto proxy = rt::spawn(proxy_one, std::ref(front), backend.local_addr());
        auto c = co_await rt::net::tcp_stream::connect(front.local_addr());
        std::string payload(100'000, 'p');
        auto [r, w] = c.split();
        auto writer = rt::spawn([](rt::net::write_half w, const std::string& p) -> rt::task<void> {
            co_await w.write_all(p);
            co_await w.shutdown();  // the half-close travels through the proxy to the backend
        }, w, std::cref(payload));
        const std::string back = co_await rt_test::read_to_end(r);
        co_await writer;
        co_await echo;
        auto [to_backend, to_client] = co_await proxy;
        EXPECT_EQ(back.size(), payload.size());
        EXPECT_EQ(to_backend, payload.size());
        EXPECT_EQ(to_client, payload.size());
    }());
}

// One framed connection: echoes frames; a framing error ends this connection only.
rt::task<std::string> serve_frames(rt::net::tcp_stream s) {
    rt::io::framed f(std::move(s), codec_t::builder().max_frame_length(64).new_codec());
    try {
        while (auto frame = co_await f.next()) co_await f.send(*frame);
    } catch (const rt::io::frame_error& e) {
        co_return std::string("closed: ") + e.code().message();
    }
    co_return "clean end";
}

rt::task<std::vector<std::string>> framed_server(rt::net::tcp_listener& l, int conns) {
    std::vector<rt::join_handle<std::string>> hs;
    for (int i = 0; i < conns; ++i) {
        auto [s, peer] = co_await l.accept();
        hs.push_back(rt::spawn(serve_frames, std::move(s)));
    }
    std::vector<std::string> results;
    for (auto& h : hs) results.push_back(co_await h);
    co_return results;
}

TEST(io_compose, framed_tcp_server_closes_an_oversized_frame_connection_and_keeps_serving) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto server = rt::spawn(framed_server, std::ref(l), 2);

        auto bad = co_await rt::net::tcp_stream::connect(l.local_addr());
        co_await bad.write_all(std::string_view("\x00\x10\x00\x00", 4));  // announces 1 MiB; max is 64
        EXPECT_EQ(co_await rt_test::read_to_end(bad), "");                 // the server closed it

        auto good = co_await rt::net::tcp_stream::connect(l.local_addr());
        rt::io::framed g(good, codec_t{});
        const auto msg = bytes("still serving");
        co_await g.send(std::vector<std::byte>(msg.begin(), msg.end()));
        auto frame = co_await g.next();
        EXPECT_TRUE(frame.has_value());
        if (frame) {
            EXPECT_EQ(text(*frame), "still serving");
        }
        co_await good.shutdown();
        auto results = co_await server;
        EXPECT_EQ(results.size(), 2u);
        if (results.size() == 2) {
            EXPECT_EQ(results[0], "closed: frame length exceeds the codec's maximum");
            EXPECT_EQ(results[1], "clean end");
        }
    }());
}

}  // namespace
