// tests/net/port_range.cpp — a port above 65535 in "host:port" text is an error everywhere text is
// resolved (issue #14 item 14): lookup_host, tcp bind and connect, udp bind. Before the fix the text
// fell through to getaddrinfo, which wrapped it (":65536" bound a random port, ":70000" port 4464).
// Tokio rejects it too ("invalid port value", ErrorKind::InvalidInput): here std::system_error
// with std::errc::invalid_argument, like the other failures of rt::net.
#include "support/rt_test.hpp"

namespace {

bool is_invalid_argument(const std::system_error& e) { return e.code() == std::errc::invalid_argument; }

/// Runs `make()` (a task) and checks that it throws std::system_error(errc::invalid_argument).
template <class Make>
void expect_port_rejected(Make make, const char* what) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](Make make, const char* what) -> rt::task<void> {
        try {
            co_await make();
            ADD_FAILURE() << what << ": an out-of-range port was accepted";
        } catch (const std::system_error& e) {
            EXPECT_TRUE(is_invalid_argument(e)) << what << ": " << e.what();
        }
    }(std::move(make), what));
}

// Issue #14 item 14, lookup_host route (numeric IPv4 and IPv6, and localhost, which resolves
// without getaddrinfo).
TEST(port_range, lookup_host_rejects_a_port_above_65535) {
    for (const char* q : {"127.0.0.1:65536", "127.0.0.1:70000", "[::1]:65536", "localhost:70000",
                          "127.0.0.1:99999999999999999999"}) {
        expect_port_rejected([q]() -> rt::task<void> { (void)co_await rt::net::lookup_host(q); }, q);
    }
}

// Issue #14 item 14: the boundary stays valid.
TEST(port_range, lookup_host_accepts_port_65535) {
    auto rt = rt_test::current_thread_runtime();
    auto addrs = rt.block_on([]() -> rt::task<std::vector<rt::net::socket_addr>> {
        co_return co_await rt::net::lookup_host("127.0.0.1:65535");
    }());
    ASSERT_EQ(addrs.size(), 1u);
    EXPECT_EQ(addrs[0].port(), 65535);
}

// Issue #14 item 14, tcp bind route: ":65536" used to listen on a random port, ":70000" on 4464.
TEST(port_range, tcp_bind_rejects_a_port_above_65535) {
    expect_port_rejected([]() -> rt::task<void> { (void)co_await rt::net::tcp_listener::bind("127.0.0.1:65536"); },
                         "bind :65536");
    expect_port_rejected([]() -> rt::task<void> { (void)co_await rt::net::tcp_listener::bind("127.0.0.1:70000"); },
                         "bind :70000");
}

// Issue #14 item 14, tcp connect route: the error is the bad port, not whatever port 4464 answers.
TEST(port_range, tcp_connect_rejects_a_port_above_65535) {
    expect_port_rejected([]() -> rt::task<void> { (void)co_await rt::net::tcp_stream::connect("127.0.0.1:70000"); },
                         "connect :70000");
}

// Issue #14 item 14, udp bind route.
TEST(port_range, udp_bind_rejects_a_port_above_65535) {
    expect_port_rejected([]() -> rt::task<void> { (void)co_await rt::net::udp_socket::bind("127.0.0.1:65536"); },
                         "udp bind :65536");
}

// Issue #14 item 14, socket_addr from an ip and an integer port (what udp connect/send_to and the
// socket_addr overloads of bind/connect take): an int above 65535 used to be truncated silently.
TEST(port_range, socket_addr_from_an_out_of_range_integer_port_throws) {
    EXPECT_THROW(rt::net::socket_addr("127.0.0.1", 70000), std::invalid_argument);
    EXPECT_THROW(rt::net::socket_addr("127.0.0.1", -1), std::invalid_argument);
    EXPECT_EQ(rt::net::socket_addr("127.0.0.1", 65535).port(), 65535);
    EXPECT_FALSE(rt::net::socket_addr::parse("127.0.0.1:65536").has_value());
}

}  // namespace
