// examples/chat — a chat room over TCP: `chat [--host H] [--port P]` (default 127.0.0.1:6142), then
// connect with `nc 127.0.0.1 6142` from a few terminals; every line goes to everyone else.
// The room itself is in chat_server.hpp (tests/chat drives it over loopback).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "chat_server.hpp"

[[rt::main(flavor = "multi_thread")]]
rt::task<int> chat_main(int argc, char** argv) {
    std::string host = "127.0.0.1";
    std::string port = "6142";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--host" || a == "--port") && i + 1 < argc) {
            (a == "--host" ? host : port) = argv[++i];
        } else {
            std::fprintf(stderr, "usage: chat [--host H] [--port P]\n");
            co_return 2;
        }
    }
    auto listener = co_await rt::net::tcp_listener::bind(host + ":" + port);
    std::fprintf(stderr, "chat: listening on %s\n", listener.local_addr().to_string().c_str());
    co_await chat::serve(std::move(listener));
    co_return 0;
}
