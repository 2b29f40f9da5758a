// tests/net/readiness.cpp — how a socket's recorded readiness is cleared: a would-block try_read /
// try_write makes the next readable()/writable() wait for a new event, and a "closed" readiness
// that the socket contradicts (EAGAIN) cannot make a read spin.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

#include <sys/socket.h>

namespace {

using rt_test::bytes;
using rt_test::text;

struct connected_pair {
    rt::net::tcp_stream client;
    rt::net::tcp_stream server;
};

rt::task<connected_pair> connect_pair() {
    auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    auto client = co_await rt::net::tcp_stream::connect(l.local_addr());
    auto [server, peer] = co_await l.accept();
    co_return connected_pair{std::move(client), std::move(server)};
}

// Ends the process if the test body has not finished in time: the regression this file guards
// against spins a worker inside one poll, which no timeout or select can interrupt.
class spin_watchdog {
public:
    explicit spin_watchdog(std::chrono::seconds limit)
        : thread_([this, limit] {
              std::unique_lock lock(mu_);
              if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
                  std::fprintf(stderr, "spin_watchdog: the test body is still running after %llds (spinning?)\n",
                               static_cast<long long>(limit.count()));
                  std::_Exit(1);
              }
          }) {}
    ~spin_watchdog() {
        {
            std::lock_guard lock(mu_);
            done_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

TEST(readiness, try_read_that_would_block_makes_readable_wait_for_new_data) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [client, server] = co_await connect_pair();
        co_await client.write_all(std::string_view("a"));
        co_await server.readable();
        std::array<std::byte, 16> buf;
        EXPECT_EQ(server.try_read(buf), std::optional<std::size_t>(1));
        EXPECT_EQ(server.try_read(buf), std::nullopt);

        // The readiness that try_read used up is gone: readable() waits (Tokio's try_read loop).
        auto again = server.readable();
        EXPECT_FALSE(co_await rt_test::poll_once{again});
        co_await client.write_all(std::string_view("b"));
        co_await again;
        const auto n = server.try_read(buf);
        EXPECT_EQ(n, std::optional<std::size_t>(1));
        if (n) EXPECT_EQ(text(std::span(buf).first(*n)), "b");
    }());
}

TEST(readiness, try_write_that_would_block_makes_writable_wait_for_room) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [client, server] = co_await connect_pair();
        const std::vector<std::byte> chunk(64 * 1024, std::byte{'x'});
        std::size_t sent = 0;
        co_await client.writable();
        while (auto n = client.try_write(chunk)) sent += *n;  // until the send buffer is full
        EXPECT_GT(sent, 0u);

        auto room = client.writable();
        EXPECT_FALSE(co_await rt_test::poll_once{room});
        // The peer drains everything sent so far: room appears, and writable() completes.
        std::vector<std::byte> sink(256 * 1024);
        std::size_t received = 0;
        while (received < sent) received += co_await server.read(sink);
        co_await room;
        EXPECT_TRUE(client.try_write(std::span(chunk).first(1)).has_value());
    }());
}

TEST(readiness, a_stream_registered_before_it_connects_reads_without_spinning) {
    spin_watchdog watchdog(std::chrono::seconds(30));
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        const auto addr = l.local_addr();
        // An unconnected stream socket is in state CLOSE: epoll reports EPOLLHUP for it at once,
        // which the reactor records as both sides closed.
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) throw std::system_error(errno, std::system_category(), "socket");
        auto s = rt::net::tcp_stream::from_std(fd);
        co_await rt::yield_now();  // a driver turn harvests the HUP
        {
            auto closed = s.readable();
            const bool recorded = co_await rt_test::poll_once{closed};
            EXPECT_TRUE(recorded) << "precondition: the HUP was not recorded";
        }
        const int r = ::connect(fd, addr.as_sockaddr(), addr.size());
        if (r < 0 && errno != EINPROGRESS) throw std::system_error(errno, std::system_category(), "connect");
        auto [server, peer] = co_await l.accept();

        // recv says EAGAIN: the recorded "closed" is stale. The read must wait, not loop on recv.
        std::array<std::byte, 16> buf;
        auto pending_read = s.read(buf);
        EXPECT_FALSE(co_await rt_test::poll_once{pending_read});
        co_await server.write_all(std::string_view("hi"));
        const std::size_t n = co_await pending_read;
        EXPECT_EQ(text(std::span(buf).first(n)), "hi");
        // And writes work (the stale write-side "closed" goes the same way on EAGAIN).
        co_await s.write_all(std::string_view("ok"));
        EXPECT_EQ(co_await rt_test::read_n(server, 2), "ok");
    }());
}

}  // namespace
