// examples/mini_redis — a small Redis-compatible server on rt, like Tokio's mini-redis.
//
// `mini_redis [--host H] [--port P]` (default 127.0.0.1:6379) on the multi-thread runtime with 2
// workers. Speaks RESP2: PING, ECHO, GET, SET [EX s|PX ms], DEL, EXISTS, INCR, DECR, PUBLISH,
// SUBSCRIBE/UNSUBSCRIBE, CONFIG GET (enough for redis-benchmark), DBSIZE, QUIT. Ctrl-C (SIGINT)
// stops accepting, lets every connection flush and close, then exits 0. The logic lives in the
// headers next to this file (resp, db, commands, connection, server) so tests/mini_redis uses it.
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "server.hpp"

namespace {

rt::task<int> run(std::string addr) {
    auto listener = co_await rt::net::tcp_listener::bind(addr);
    std::fprintf(stderr, "mini_redis: listening on %s\n", listener.local_addr().to_string().c_str());
    rt::sync::cancellation_token shutdown;
    auto server = rt::spawn(mini_redis::run_server, std::move(listener), mini_redis::db{}, shutdown);
    co_await rt::signal::ctrl_c();
    std::fprintf(stderr, "mini_redis: shutting down\n");
    shutdown.cancel();
    co_await server;
    co_return 0;
}

}  // namespace

// rt-codegen turns this into `int main` that builds the multi-thread runtime with 2 workers (like
// the benchmark peers) and block_on's it; an escaping exception prints its message and exits 1.
[[rt::main(flavor = "multi_thread", worker_threads = 2)]]
rt::task<int> mini_redis_main(int argc, char** argv) {
    std::string host = "127.0.0.1";
    std::string port = "6379";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--host" || a == "--port") && i + 1 < argc) {
            (a == "--host" ? host : port) = argv[++i];
        } else {
            std::fprintf(stderr, "usage: mini_redis [--host H] [--port P]\n");
            co_return 2;
        }
    }
    const std::string addr = host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
    co_return co_await run(addr);
}
