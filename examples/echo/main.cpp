// examples/echo — the TCP echo server: every byte a client sends comes back, until it closes.
//
// `echo [--host H] [--port P]` (default 127.0.0.1:8080) on the multi-thread runtime with 2
// workers; it is rt's server for the tcp_echo benchmark (bench/README.md) and runs until killed.
// Accept errors such as EMFILE (out of descriptors) are reported and retried after a short
// back-off, so the server keeps serving the connections it has and recovers when fds free up.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#ifdef RT_USE_MODULES
import rt.net;
import rt.runtime;
import rt.time;
#else
#include <rt/net.hpp>
#include <rt/runtime.hpp>
#include <rt/time.hpp>
#endif

namespace {

// One connection: read up to 16 KiB, write it all back, until EOF or an error (a reset peer
// ends only this connection).
rt::task<void> serve(rt::net::tcp_stream s) {
    std::vector<std::byte> buf(16 * 1024);
    try {
        while (auto n = co_await s.read(buf)) co_await s.write_all(std::span(buf).first(n));
    } catch (const std::system_error&) {
    }
}

rt::task<int> run(std::string addr) {
    auto listener = co_await rt::net::tcp_listener::bind(addr);
    std::fprintf(stderr, "echo: listening on %s\n", listener.local_addr().to_string().c_str());
    for (;;) {
        bool failed = false;
        try {
            auto [socket, peer] = co_await listener.accept();
            socket.set_nodelay(true);
            rt::spawn(serve, std::move(socket)).detach();
        } catch (const std::system_error& e) {
            // EMFILE/ENFILE and friends: the pending connection stays queued; wait instead of
            // spinning on an accept that keeps failing.
            std::fprintf(stderr, "echo: accept failed: %s; retrying in 100 ms\n", e.what());
            failed = true;
        }
        if (failed) co_await rt::time::sleep(std::chrono::milliseconds(100));
    }
}

}  // namespace

// rt-codegen turns this into `int main` that builds the multi-thread runtime with 2 workers (like
// the benchmark peers) and block_on's it; an escaping exception prints its message and exits 1.
[[rt::main(flavor = "multi_thread", worker_threads = 2)]]
rt::task<int> echo_main(int argc, char** argv) {
    std::string host = "127.0.0.1";
    std::string port = "8080";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--host" || a == "--port") && i + 1 < argc) {
            (a == "--host" ? host : port) = argv[++i];
        } else {
            std::fprintf(stderr, "usage: echo [--host H] [--port P]\n");
            co_return 2;
        }
    }
    const std::string addr = host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
    co_return co_await run(addr);
}
