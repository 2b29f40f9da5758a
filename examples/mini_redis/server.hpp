// examples/mini_redis/server.hpp — the accept loop of mini-redis and its graceful shutdown.
//
// Tokio's mini-redis equivalent: `server.rs`'s Listener + `server::run`. Invariants: every
// connection task is tracked by a task_tracker and watches the same cancellation token; once the
// token is cancelled the loop stops accepting, every connection flushes what it owes and closes,
// and run_server() returns only after the last connection task ended. Accept failures (EMFILE...)
// are reported and retried after a short back-off instead of ending the server.
#pragma once

#include <chrono>
#include <cstdio>
#include <system_error>
#include <utility>
#include <variant>

#include "connection.hpp"
#include "db.hpp"

namespace mini_redis {

/// Accepts clients on `listener` until `shutdown` is cancelled, then waits for every connection to
/// finish. Tokio mini-redis: `server::run`.
inline rt::task<void> run_server(rt::net::tcp_listener listener, db d, rt::sync::cancellation_token shutdown) {
    rt::sync::task_tracker tracker;
    while (!shutdown.is_cancelled()) {
        bool failed = false;
        try {
            auto accepted = co_await rt::select(listener.accept(), shutdown.cancelled());
            if (accepted.index() == 1) break;
            auto& [socket, peer] = std::get<0>(accepted);
            socket.set_nodelay(true);
            rt::spawn(tracker.track_future(serve_connection(std::move(socket), d, shutdown))).detach();
        } catch (const std::system_error& e) {
            std::fprintf(stderr, "mini_redis: accept failed: %s; retrying in 100 ms\n", e.what());
            failed = true;
        }
        if (failed) co_await rt::time::sleep(std::chrono::milliseconds(100));
    }
    tracker.close();
    co_await tracker.wait();
}

}  // namespace mini_redis
