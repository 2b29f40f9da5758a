// examples/tutorial_io — the program of docs/tutorial/05-io.md: an echo server on a free port and a
// client in the same program; read/write_all by hand, then io::copy over split halves.
// Ends on its own, exits 0.
#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

// Echo by hand: read what is there, write all of it back, until the client shuts its side down.
rt::task<void> echo_by_hand(rt::net::tcp_stream socket) {
    std::vector<std::byte> buf(1024);  // on the heap: a frame stays small
    for (;;) {
        const std::size_t n = co_await socket.read(buf);
        if (n == 0) co_return;  // end of stream: the peer shut down its write side
        co_await socket.write_all(std::span(buf).first(n));
    }
}

// Echo with io::copy: split the socket into a read half and a write half, copy one into the other.
rt::task<void> echo_with_copy(rt::net::tcp_stream socket) {
    auto [reader, writer] = socket.split();
    co_await rt::io::copy(reader, writer);
}

// Accepts `count` connections and serves each in its own task with `serve`.
rt::task<void> accept_loop(rt::net::tcp_listener listener, int count, bool use_copy) {
    for (int i = 0; i < count; ++i) {
        auto [socket, peer] = co_await listener.accept();
        if (use_copy) {
            rt::spawn(echo_with_copy, std::move(socket)).detach();
        } else {
            rt::spawn(echo_by_hand, std::move(socket)).detach();
        }
    }
}

// Connects, sends `text`, shuts the write side down, and reads everything the server sends back.
rt::task<std::string> round_trip(rt::net::socket_addr addr, std::string text) {
    auto socket = co_await rt::net::tcp_stream::connect(addr);
    co_await socket.write_all(text);
    co_await socket.shutdown();  // the server reads end of stream and finishes
    std::vector<std::byte> back;
    co_await rt::io::read_to_end(socket, back);
    co_return std::string(reinterpret_cast<const char*>(back.data()), back.size());
}

[[rt::main(flavor = "current_thread")]]
rt::task<int> io_main() {
    bool ok = true;
    for (const bool use_copy : {false, true}) {
        auto listener = co_await rt::net::tcp_listener::bind("127.0.0.1:0");  // port 0: any free port
        const auto addr = listener.local_addr();
        auto server = rt::spawn(accept_loop, std::move(listener), 1, use_copy);
        auto client = round_trip(addr, "hello, echo\n");  // named: see the g++-12 pitfall
        const std::string got = co_await client;
        co_await server;
        std::printf("%s echoed: %s", use_copy ? "io::copy" : "by hand", got.c_str());
        ok = ok && got == "hello, echo\n";
    }
    co_return ok ? 0 : 1;
}
