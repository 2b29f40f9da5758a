// rt/net/unix/unix_datagram.hpp — Unix-domain datagram sockets.
//
// Tokio equivalent: `tokio::net::UnixDatagram`. Invariant: one registered fd; datagram
// boundaries are kept (one send = one recv).
#pragma once

#include <span>
#include <string_view>
#include <utility>

#include "rt/io/reactor/fd_ops.hpp"
#include "rt/io/reactor/io_source.hpp"
#include "rt/net/unix/unix_addr.hpp"

namespace rt::net {

namespace detail {
struct unix_recv_from_fn {
    int fd;
    std::span<std::byte> buf;
    io::detail::attempt<std::pair<std::size_t, unix_socket_addr>> operator()() const;
};
struct unix_send_to_fn {
    int fd;
    std::span<const std::byte> buf;
    sockaddr_un to;
    socklen_t len;
    io::detail::attempt<std::size_t> operator()() const;
};
}  // namespace detail

/// Future of unix_datagram::recv_from: (bytes, sender). Tokio: `UnixDatagram::recv_from`.
using unix_recv_from_future = io::detail::io_op<detail::unix_recv_from_fn>;
/// Future of unix_datagram::send_to. Tokio: `UnixDatagram::send_to`.
using unix_send_to_future = io::detail::io_op<detail::unix_send_to_fn>;

/// A Unix datagram socket. Tokio: `tokio::net::UnixDatagram`.
class unix_datagram {
public:
    /// Bound to `path`. Tokio: `UnixDatagram::bind`.
    static unix_datagram bind(std::string_view path);
    /// Not bound to any path. Tokio: `UnixDatagram::unbound`.
    static unix_datagram unbound();
    /// Two connected, unnamed sockets. Tokio: `UnixDatagram::pair`.
    static std::pair<unix_datagram, unix_datagram> pair();

    /// Sets the default peer. Tokio: `UnixDatagram::connect`.
    void connect(std::string_view path);
    /// Sends one datagram to `path`. Tokio: `send_to`.
    unix_send_to_future send_to(std::span<const std::byte> buf, std::string_view path);
    /// Receives one datagram and its sender. Tokio: `recv_from`.
    unix_recv_from_future recv_from(std::span<std::byte> buf) { return {src_, io::detail::direction::read, {src_.fd(), buf}}; }
    /// Sends to the connected peer. Tokio: `send`.
    io::detail::io_op<io::detail::send_fn> send(std::span<const std::byte> buf) {
        return {src_, io::detail::direction::write, {src_.fd(), buf}};
    }
    /// Receives from the connected peer. Tokio: `recv`.
    io::detail::io_op<io::detail::recv_fn> recv(std::span<std::byte> buf) {
        return {src_, io::detail::direction::read, {src_.fd(), buf, 0}};
    }
    /// The bound path. Tokio: `local_addr`.
    [[nodiscard]] unix_socket_addr local_addr() const { return detail::unix_local_addr(src_.fd()); }
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

    explicit unix_datagram(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    unix_datagram(unix_datagram&&) noexcept = default;
    unix_datagram& operator=(unix_datagram&&) noexcept = default;

private:
    io::detail::io_source src_;
};

}  // namespace rt::net
