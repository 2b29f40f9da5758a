// examples/mini_redis/tour.hpp — `mini_redis --tour`: a short, self-contained walk through the
// server for `./build.sh demo`. It starts the server on a free loopback port inside this process,
// plays a few client sessions against it (printing every request and reply), and shuts it down.
//
// Invariant: nothing outside the process is needed (no redis-cli, no fixed port), and every step
// waits on a reply, never on timing — except the expiry step, whose 250 ms real sleep is strictly
// longer than the 200 ms TTL it checks (on a very slow machine the GET right after the SET could
// print (nil) too; the tour prints replies, it does not check them). The includer must already have rt.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "resp.hpp"
#include "server.hpp"

namespace mini_redis {

namespace detail {

/// A reply as redis-cli would roughly show it.
inline std::string show(const resp::frame& f) {
    switch (f.type) {
        case resp::frame::kind::simple:
            return f.text;
        case resp::frame::kind::error:
            return "(error) " + f.text;
        case resp::frame::kind::integer:
            return "(integer) " + std::to_string(f.integer);
        case resp::frame::kind::bulk:
            return "\"" + f.text + "\"";
        case resp::frame::kind::null:
        case resp::frame::kind::null_array:
            return "(nil)";
        case resp::frame::kind::array: {
            std::string out = "[";
            for (std::size_t i = 0; i < f.items.size(); ++i) out += (i ? ", " : "") + show(f.items[i]);
            return out + "]";
        }
    }
    return {};
}

/// One client connection of the tour; `who` prefixes its lines.
struct tour_client {
    rt::io::framed<rt::net::tcp_stream, resp::codec> f;
    const char* who;

    /// Prints the next reply (or that the server closed the connection).
    rt::task<void> expect() {
        auto r = co_await f.next();
        std::printf("  %s < %s\n", who, r ? show(*r).c_str() : "(connection closed by the server)");
    }
    /// Sends a command given as its words, prints it and its reply.
    template <class... A>
    rt::task<void> run(A... words) {
        const resp::frame cmd = resp::frame::command({std::string_view(words)...});
        std::printf("  %s > %s\n", who, joined(cmd).c_str());
        co_await f.send(cmd);
        co_await expect();
    }
    /// The command's words separated by spaces.
    static std::string joined(const resp::frame& cmd) {
        std::string line;
        for (const auto& w : cmd.items) {
            const bool quote = w.text.find(' ') != std::string::npos;
            line += (line.empty() ? "" : " ") + (quote ? "\"" + w.text + "\"" : w.text);
        }
        return line;
    }
};

inline rt::task<tour_client> tour_connect(rt::net::socket_addr addr, const char* who) {
    auto s = co_await rt::net::tcp_stream::connect(addr);
    co_return tour_client{rt::io::framed<rt::net::tcp_stream, resp::codec>(std::move(s), resp::codec{}), who};
}

}  // namespace detail

/// The tour: returns 0 when every step ran (replies are printed, not checked).
inline rt::task<int> tour() {
    auto listener = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    const auto addr = listener.local_addr();
    rt::sync::cancellation_token shutdown;
    auto server = rt::spawn(run_server, std::move(listener), db{}, shutdown);
    std::printf("mini-redis tour: server on %s (multi-thread runtime, 2 workers)\n", addr.to_string().c_str());

    std::printf("\n1. strings and counters\n");
    auto a = co_await detail::tour_connect(addr, "A");
    co_await a.run("SET", "greeting", "hello from rt");
    co_await a.run("GET", "greeting");
    co_await a.run("INCR", "visits");
    co_await a.run("INCR", "visits");
    co_await a.run("FLUSHALL");

    std::printf("\n2. expiry on rt::time (PX 200, then 250 ms later)\n");
    co_await a.run("SET", "session", "s1", "PX", "200");
    co_await a.run("GET", "session");
    co_await rt::time::sleep(std::chrono::milliseconds(250));
    co_await a.run("GET", "session");

    std::printf("\n3. pub/sub (one queue per subscriber, woken through rt::waker)\n");
    auto b = co_await detail::tour_connect(addr, "B");
    co_await b.run("SUBSCRIBE", "news");
    co_await a.run("PUBLISH", "news", "rt speaks RESP");
    co_await b.expect();

    std::printf("\n4. bad input closes only that connection\n");
    auto bad = co_await rt::net::tcp_stream::connect(addr);
    const std::string hostile = "*2\r\n$4\r\nECHO\r\n$999999999999\r\n";
    std::printf("  C > (a bulk string header announcing 1 TB)\n");
    co_await bad.write_all(hostile);
    detail::tour_client c{rt::io::framed<rt::net::tcp_stream, resp::codec>(std::move(bad), resp::codec{}), "C"};
    co_await c.expect();
    co_await c.expect();
    co_await a.run("PING");

    std::printf("\n5. graceful shutdown: cancel the token, wait for every connection\n");
    shutdown.cancel();
    co_await server;
    co_await b.expect();
    std::printf("mini-redis tour: done\n");
    co_return 0;
}

}  // namespace mini_redis
