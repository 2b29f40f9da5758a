// tests/package/main.cpp — a consumer of the installed rt: [[rt::main]] (rewritten by the
// installed rt-codegen) and rt.net. It connects to its own listener on loopback, sends a line and
// reads it back; prints "package ok" and exits 0.
#include <cstddef>
#include <cstdio>
#include <span>
#include <string_view>

#if RT_PACKAGE_MODULES
import rt.net;
import rt.runtime;
#else
#include <rt/net.hpp>
#include <rt/runtime.hpp>
#endif

[[rt::main(flavor = "current_thread")]]
rt::task<int> run() {
    auto listener = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    auto client = co_await rt::net::tcp_stream::connect(listener.local_addr());
    auto [server, peer] = co_await listener.accept();
    (void)peer;
    co_await client.write_all(std::string_view("ping\n"));
    std::byte buf[16];
    std::size_t got = 0;
    while (got < 5) {
        std::size_t n = co_await server.read(std::span(buf).subspan(got));
        if (n == 0) break;
        got += n;
    }
    bool ok = got == 5 && static_cast<char>(buf[0]) == 'p' && static_cast<char>(buf[4]) == '\n';
    std::printf("package %s: %zu bytes over loopback\n", ok ? "ok" : "FAILED", got);
    co_return ok ? 0 : 1;
}
