// rt/net/tcp/tcp_listener.hpp — a TCP socket accepting connections.
//
// Tokio equivalent: `tokio::net::TcpListener`. accept() errors (EMFILE, ENFILE, ...) throw and
// leave the listener usable: the pending connection stays queued and readiness stays set, so the
// next accept() retries it (the server loop decides how to back off).
#pragma once

#include <string>
#include <utility>

#include "rt/core/task.hpp"
#include "rt/io/reactor/io_source.hpp"
#include "rt/net/addr/socket_addr.hpp"
#include "rt/net/tcp/tcp_stream.hpp"

namespace rt::net {

namespace detail {
/// One accept4 attempt; ECONNABORTED is retried like EAGAIN.
struct tcp_accept_fn {
    int fd;
    io::detail::attempt<std::pair<tcp_stream, socket_addr>> operator()() const;
};
}  // namespace detail

/// Future of tcp_listener::accept: the new connection and the peer address. Tokio: `accept`.
using tcp_accept_future = io::detail::io_op<detail::tcp_accept_fn>;

/// A listening TCP socket. Tokio: `tokio::net::TcpListener`.
class tcp_listener {
public:
    /// Binds (SO_REUSEADDR) and listens on an address. Tokio: `TcpListener::bind`.
    static task<tcp_listener> bind(socket_addr addr);
    /// Resolves "host:port" and binds to the first address that works. Tokio: `TcpListener::bind`.
    static task<tcp_listener> bind(std::string host_port);
    /// Adopts a listening socket fd. Tokio: `TcpListener::from_std`.
    static tcp_listener from_std(int fd) { return tcp_listener(io::detail::io_source(fd)); }
    /// Gives the fd back and leaves this object empty. Tokio: `into_std`.
    int into_std() noexcept { return src_.release(); }

    /// Waits for a connection: `auto [stream, peer] = co_await l.accept();`. Tokio: `accept`.
    tcp_accept_future accept() { return {src_, io::detail::direction::read, {src_.fd()}}; }
    /// Poll form of accept. Tokio: `poll_accept`.
    poll_result<std::pair<tcp_stream, socket_addr>> poll_accept(context& cx) {
        return src_.poll_io(cx, io::detail::direction::read, waiter_, detail::tcp_accept_fn{src_.fd()});
    }
    /// The bound address (with the real port after binding port 0). Tokio: `local_addr`.
    [[nodiscard]] socket_addr local_addr() const;
    /// IP_TTL. Tokio: `set_ttl` / `ttl`.
    void set_ttl(std::uint32_t ttl);
    [[nodiscard]] std::uint32_t ttl() const;
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

    explicit tcp_listener(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    tcp_listener(tcp_listener&&) noexcept = default;
    tcp_listener& operator=(tcp_listener&&) noexcept = default;

private:
    io::detail::io_source src_;
    io::detail::io_waiter waiter_;  // the poll_accept path's registration
};

}  // namespace rt::net
