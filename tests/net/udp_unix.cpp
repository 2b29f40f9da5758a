// tests/net/udp_unix.cpp — datagram and Unix-domain round trips: UDP send_to/recv_from and
// connected send/recv (IPv4 and IPv6), Unix stream listener/connect/pair, Unix datagrams.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

namespace {

using rt_test::bytes;
using rt_test::text;

// A fresh path for a Unix socket in the temp dir (removed first and after).
struct temp_socket_path {
    std::string path;
    explicit temp_socket_path(const char* tag)
        : path((std::filesystem::temp_directory_path() / ("rt-test-" + std::string(tag) + "-" + std::to_string(::getpid()))).string()) {
        std::filesystem::remove(path);
    }
    ~temp_socket_path() { std::filesystem::remove(path); }
};

TEST(udp, send_to_and_recv_from_round_trip) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto a = co_await rt::net::udp_socket::bind("127.0.0.1:0");
        auto b = co_await rt::net::udp_socket::bind("127.0.0.1:0");
        // The receiver waits first, so the datagram is delivered through the reactor.
        auto receiver = rt::spawn([](rt::net::udp_socket& b) -> rt::task<std::pair<std::string, rt::net::socket_addr>> {
            std::array<std::byte, 64> buf;
            auto [n, from] = co_await b.recv_from(buf);
            std::array<std::byte, 64> echo;
            std::copy_n(buf.begin(), n, echo.begin());
            co_await b.send_to(std::span(echo).first(n), from);
            co_return std::pair(text(std::span(buf).first(n)), from);
        }, std::ref(b));
        co_await rt::yield_now();
        EXPECT_EQ(co_await a.send_to(bytes("ping"), b.local_addr()), 4u);
        std::array<std::byte, 64> buf;
        auto [n, from] = co_await a.recv_from(buf);
        EXPECT_EQ(text(std::span(buf).first(n)), "ping");
        EXPECT_EQ(from, b.local_addr());
        auto [got, sender] = co_await receiver;
        EXPECT_EQ(got, "ping");
        EXPECT_EQ(sender, a.local_addr());
    }());
}

TEST(udp, connected_send_recv_over_ipv6_and_options) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto a = co_await rt::net::udp_socket::bind("[::1]:0");
        auto b = co_await rt::net::udp_socket::bind(rt::net::socket_addr("::1", 0));
        EXPECT_TRUE(a.local_addr().is_ipv6());
        a.connect(b.local_addr());
        b.connect(a.local_addr());
        EXPECT_EQ(a.peer_addr(), b.local_addr());
        co_await a.send(bytes("one"));
        co_await a.send(bytes("two"));
        std::array<std::byte, 16> buf;
        EXPECT_EQ(text(std::span(buf).first(co_await b.recv(buf))), "one");  // datagram boundaries kept
        EXPECT_EQ(text(std::span(buf).first(co_await b.recv(buf))), "two");

        auto v4 = co_await rt::net::udp_socket::bind("0.0.0.0:0");
        v4.set_broadcast(true);
        EXPECT_TRUE(v4.broadcast());
        v4.set_ttl(7);
        EXPECT_EQ(v4.ttl(), 7u);
        v4.join_multicast_v4("239.1.2.3", "127.0.0.1");
        v4.leave_multicast_v4("239.1.2.3", "127.0.0.1");
    }());
}

TEST(udp, icmp_unreachable_error_is_reported_once_then_the_socket_waits_again) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        using namespace std::chrono_literals;
        rt::net::socket_addr closed;
        {
            auto gone = co_await rt::net::udp_socket::bind("127.0.0.1:0");
            closed = gone.local_addr();
        }
        auto a = co_await rt::net::udp_socket::bind("127.0.0.1:0");
        a.connect(closed);
        co_await a.send(bytes("anyone?"));
        std::array<std::byte, 16> buf;
        std::error_code err;
        try {
            co_await a.recv(buf);  // the ICMP port-unreachable arrives as a socket error
        } catch (const std::system_error& e) {
            err = e.code();
        }
        EXPECT_EQ(err, std::errc::connection_refused);
        // The error was consumed: the next recv waits (and is cancelled by the timeout) instead of
        // spinning on a stale error bit.
        auto again = co_await rt::time::timeout(20ms, a.recv(buf));
        EXPECT_TRUE(again.is_elapsed());
    }());
}

TEST(unix_socket, listener_accepts_and_echoes_over_a_path) {
    temp_socket_path p("stream");
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([&]() -> rt::task<void> {
        auto l = rt::net::unix_listener::bind(p.path);
        EXPECT_EQ(l.local_addr().path(), p.path);
        auto server = rt::spawn([](rt::net::unix_listener& l) -> rt::task<void> {
            auto [s, peer] = co_await l.accept();
            EXPECT_TRUE(peer.is_unnamed());
            std::array<std::byte, 256> buf;
            while (auto n = co_await s.read(buf)) co_await s.write_all(std::span(buf).first(n));
        }, std::ref(l));
        auto c = co_await rt::net::unix_stream::connect(p.path);
        EXPECT_EQ(c.peer_addr().path(), p.path);
        co_await c.write_all("over a unix socket");
        co_await c.shutdown();
        EXPECT_EQ(co_await rt_test::read_to_end(c), "over a unix socket");
        co_await server;
    }());
}

TEST(unix_socket, stream_pair_into_split_halves_work_from_two_tasks) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::net::unix_stream::pair();
        auto [r, w] = std::move(a).into_split();
        auto writer = rt::spawn([](rt::net::unix_owned_write_half w) -> rt::task<void> {
            co_await w.write_all("from the write half");
        }, std::move(w));  // dropping the owned write half shuts the write side: b sees EOF
        co_await writer;
        EXPECT_EQ(co_await rt_test::read_to_end(b), "from the write half");
        co_await b.write_all("back");
        EXPECT_EQ(co_await rt_test::read_n(r, 4), "back");
    }());
}

TEST(unix_socket, datagrams_by_path_and_by_pair) {
    temp_socket_path p("dgram");
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([&]() -> rt::task<void> {
        auto server = rt::net::unix_datagram::bind(p.path);
        auto client = rt::net::unix_datagram::unbound();
        co_await client.send_to(bytes("hello"), p.path);
        std::array<std::byte, 32> buf;
        auto [n, from] = co_await server.recv_from(buf);
        EXPECT_EQ(text(std::span(buf).first(n)), "hello");
        EXPECT_TRUE(from.is_unnamed());

        auto [x, y] = rt::net::unix_datagram::pair();
        co_await x.send(bytes("a"));
        co_await x.send(bytes("bc"));
        EXPECT_EQ(co_await y.recv(buf), 1u);
        EXPECT_EQ(co_await y.recv(buf), 2u);
    }());
}

TEST(lookup_host, localhost_resolves_to_loopback) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto addrs = co_await rt::net::lookup_host("localhost:8080");
        EXPECT_FALSE(addrs.empty());
        for (const auto& a : addrs) {
            EXPECT_EQ(a.port(), 8080);
            EXPECT_TRUE(a.ip() == "127.0.0.1" || a.ip() == "::1") << a.ip();
        }
        auto numeric = co_await rt::net::lookup_host("[::1]:9");
        EXPECT_EQ(numeric.size(), 1u);
        if (!numeric.empty()) {
            EXPECT_EQ(numeric[0].to_string(), "[::1]:9");
        }
        // A listener bound by name is reachable by name.
        auto l = co_await rt::net::tcp_listener::bind("localhost:0");
        auto c = co_await rt::net::tcp_stream::connect("localhost:" + std::to_string(l.local_addr().port()));
        auto [s, peer] = co_await l.accept();
        EXPECT_EQ(peer, c.local_addr());
    }());
}

TEST(lookup_host, localhost_names_are_loopback_without_a_resolver) {
    // RFC 6761: "localhost" and names under it are answered locally (no /etc/hosts, no DNS needed).
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto addrs = co_await rt::net::lookup_host("Api.LocalHost.:443");
        EXPECT_EQ(addrs.size(), 2u);
        if (addrs.size() == 2) {
            EXPECT_EQ(addrs[0].to_string(), "127.0.0.1:443");
            EXPECT_EQ(addrs[1].to_string(), "[::1]:443");
        }
    }());
}

TEST(lookup_host, malformed_query_and_unknown_service_throw_system_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        EXPECT_FALSE(rt::net::socket_addr::parse("no-port").has_value());
        bool threw = false;
        try {
            // No port: rejected before any resolver runs (tests never send DNS traffic).
            co_await rt::net::lookup_host("localhost");
        } catch (const std::system_error&) {
            threw = true;
        }
        EXPECT_TRUE(threw);
        threw = false;
        try {
            co_await rt::net::lookup_host("localhost:no-such-service");  // /etc/services only
        } catch (const std::system_error& e) {
            threw = true;
            EXPECT_EQ(&e.code().category(), &rt::net::resolver_category());
        }
        EXPECT_TRUE(threw);
    }());
}

}  // namespace
