// tests/mini_redis/e2e_support.hpp — helpers for the end-to-end mini-redis tests: a server on a
// loopback port inside the test's runtime, and a RESP client over rt::net::tcp_stream.
#pragma once

#include "support/rt_test.hpp"
#include "mini_redis/server.hpp"

namespace mini_redis_test {

using mini_redis::resp::codec;
using mini_redis::resp::frame;
using mini_redis::resp::to_wire;

/// A running server: its address, its db, the token that stops it and its task.
struct server {
    rt::net::socket_addr addr;
    mini_redis::db db;
    rt::sync::cancellation_token stop;
    rt::join_handle<void> task;

    /// Cancels the token and waits until every connection ended.
    rt::task<void> shutdown() {
        stop.cancel();
        co_await task;
    }
};

inline rt::task<server> start_server(mini_redis::options opts = {}) {
    auto listener = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    const auto addr = listener.local_addr();
    mini_redis::db db(opts);
    rt::sync::cancellation_token stop;
    auto task = rt::spawn(mini_redis::run_server, std::move(listener), db, stop);
    co_return server{addr, db, stop, std::move(task)};
}

/// A RESP client on a tcp_stream.
struct client {
    rt::io::framed<rt::net::tcp_stream, codec> f;

    /// Sends one command (its words, as C strings) and returns the reply in wire form, e.g.
    /// "+OK\r\n". (Plain pointer arguments and a string result keep g++-12's co_await temporaries
    /// bug, GCC PR 99576, away from the test bodies.)
    template <class... A>
    rt::task<std::string> call(A... words) {
        const frame cmd = frame::command({std::string_view(words)...});
        co_await f.send(cmd);
        co_return co_await reply();
    }
    /// The next frame from the server in wire form; throws at end of stream.
    rt::task<std::string> reply() {
        auto r = co_await f.next();
        if (!r) throw std::runtime_error("server closed the connection");
        co_return to_wire(*r);
    }
};

inline rt::task<client> connect(rt::net::socket_addr addr) {
    auto s = co_await rt::net::tcp_stream::connect(addr);
    co_return client{rt::io::framed<rt::net::tcp_stream, codec>(std::move(s), codec{})};
}

/// Everything the server sends until it closes the connection.
inline rt::task<std::string> read_all(rt::net::tcp_stream& s) {
    std::string out;
    std::array<std::byte, 4096> buf;
    while (auto n = co_await s.read(buf)) out.append(reinterpret_cast<const char*>(buf.data()), n);
    co_return out;
}

/// Reads exactly buf.size() bytes; returns how many arrived before end of stream.
inline rt::task<std::size_t> rt_test_read_exact(rt::net::tcp_stream& s, std::span<std::byte> buf) {
    std::size_t got = 0;
    while (got < buf.size()) {
        const std::size_t n = co_await s.read(buf.subspan(got));
        if (n == 0) break;
        got += n;
    }
    co_return got;
}

}  // namespace mini_redis_test
