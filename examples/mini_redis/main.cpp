// examples/mini_redis — a small Redis-compatible server on rt, like Tokio's mini-redis.
//
// `mini_redis [--host H] [--port P] [--pubsub-buffer-limit BYTES]` (default 127.0.0.1:6379, 32 MiB)
// on the multi-thread runtime with 2 workers. Speaks RESP2 (and inline commands): strings, keys
// with expiry, lists, pub/sub with patterns, and the connection/server commands clients send (see
// docs/tutorial/mini-redis.md for the list). Ctrl-C (SIGINT) or SIGTERM (what systemd and
// container runtimes send) stops accepting, answers what every connection already received, lets
// each flush and close, then exits 0. `mini_redis --tour` runs a
// short self-contained client/server walk-through instead (tour.hpp; `./build.sh demo` shows it).
// The logic lives in the headers next to this file (resp, db, commands, connection, server) so
// tests/mini_redis uses it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <unistd.h>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "server.hpp"
#include "tour.hpp"

namespace {

rt::task<int> run(std::string addr, mini_redis::options opts) {
    // Listen for both signals before anything can arrive, so none is lost between bind and wait.
    auto interrupt = rt::signal::ctrl_c();
    auto terminate = rt::signal::unix::signal(rt::signal::unix::signal_kind::terminate());
    auto listener = co_await rt::net::tcp_listener::bind(addr);
    opts.port = listener.local_addr().port();
    std::fprintf(stderr, "mini_redis: listening on %s\n", listener.local_addr().to_string().c_str());
    rt::sync::cancellation_token shutdown;
    auto server = rt::spawn(mini_redis::run_server, std::move(listener), mini_redis::db{opts}, shutdown);
    auto which = co_await rt::select(std::move(interrupt), terminate.recv());
    std::fprintf(stderr, "mini_redis: %s, shutting down\n", which.index() == 0 ? "SIGINT" : "SIGTERM");
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
    mini_redis::options opts;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--tour") {
            co_return co_await mini_redis::tour();
        } else if ((a == "--host" || a == "--port") && i + 1 < argc) {
            (a == "--host" ? host : port) = argv[++i];
        } else if (a == "--pubsub-buffer-limit" && i + 1 < argc &&
                   mini_redis::db::parse_integer(argv[i + 1]).value_or(0) > 0) {
            opts.pubsub_buffer_limit = static_cast<std::size_t>(*mini_redis::db::parse_integer(argv[++i]));
        } else {
            std::fprintf(stderr,
                         "usage: mini_redis [--host H] [--port P] [--pubsub-buffer-limit BYTES] | mini_redis --tour\n");
            co_return 2;
        }
    }
    const std::string addr = host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
    co_return co_await run(addr, opts);
}
