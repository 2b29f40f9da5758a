// rt/net/unix/unix_stream.hpp — Unix-domain stream sockets: connected streams and listeners.
//
// Tokio equivalent: `tokio::net::{UnixStream, UnixListener}`. The stream shares its read/write
// machinery with tcp_stream (stream_socket). Invariant: a listener owns one registered fd; the
// socket file it created is not removed on drop (as in Tokio; remove it yourself).
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "rt/net/detail/connect_op.hpp"
#include "rt/net/stream/halves.hpp"
#include "rt/net/stream/stream_socket.hpp"
#include "rt/net/unix/unix_addr.hpp"

namespace rt::net {

class unix_stream;
/// Future of unix_stream::connect. Tokio: `UnixStream::connect`.
using unix_connect_future = detail::connect_op<unix_stream>;

/// A connected Unix stream socket. Tokio: `tokio::net::UnixStream`.
class unix_stream : public stream_socket {
public:
    /// Connects to the socket at `path`. Tokio: `UnixStream::connect`.
    static unix_connect_future connect(std::string_view path);
    /// Two connected, unnamed streams. Tokio: `UnixStream::pair`.
    static std::pair<unix_stream, unix_stream> pair();
    /// Adopts a connected Unix stream fd. Tokio: `UnixStream::from_std`.
    static unix_stream from_std(int fd) { return unix_stream(io::detail::io_source(fd)); }

    /// This end's address. Tokio: `local_addr`.
    [[nodiscard]] unix_socket_addr local_addr() const { return detail::unix_local_addr(native_handle()); }
    /// The peer's address. Tokio: `peer_addr`.
    [[nodiscard]] unix_socket_addr peer_addr() const { return detail::unix_peer_addr(native_handle()); }

    /// Borrowed halves. Tokio: `UnixStream::split`.
    std::pair<read_half, write_half> split() noexcept { return {read_half(*this), write_half(*this)}; }
    /// Owned halves. Tokio: `UnixStream::into_split`.
    std::pair<owned_read_half<unix_stream>, owned_write_half<unix_stream>> into_split() && {
        auto shared = std::make_shared<unix_stream>(std::move(*this));
        return {owned_read_half<unix_stream>(shared), owned_write_half<unix_stream>(shared)};
    }

    explicit unix_stream(io::detail::io_source src) noexcept : stream_socket(std::move(src)) {}
    unix_stream(unix_stream&&) noexcept = default;
    unix_stream& operator=(unix_stream&&) noexcept = default;
};

namespace detail {
/// One accept4 attempt on a Unix listener.
struct unix_accept_fn {
    int fd;
    io::detail::attempt<std::pair<unix_stream, unix_socket_addr>> operator()() const;
};
}  // namespace detail

/// Future of unix_listener::accept. Tokio: `UnixListener::accept`.
using unix_accept_future = io::detail::io_op<detail::unix_accept_fn>;

/// A listening Unix stream socket. Tokio: `tokio::net::UnixListener`.
class unix_listener {
public:
    /// Binds to `path` (which must not exist) and listens. Tokio: `UnixListener::bind`.
    static unix_listener bind(std::string_view path);
    /// Adopts a listening Unix socket fd. Tokio: `UnixListener::from_std`.
    static unix_listener from_std(int fd) { return unix_listener(io::detail::io_source(fd)); }

    /// Waits for a connection. Tokio: `accept`.
    unix_accept_future accept() { return {src_, io::detail::direction::read, {src_.fd()}}; }
    /// The bound path. Tokio: `local_addr`.
    [[nodiscard]] unix_socket_addr local_addr() const { return detail::unix_local_addr(src_.fd()); }
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

    explicit unix_listener(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    unix_listener(unix_listener&&) noexcept = default;
    unix_listener& operator=(unix_listener&&) noexcept = default;

private:
    io::detail::io_source src_;
};

/// Owned halves of a unix_stream. Tokio: `unix::OwnedReadHalf` / `unix::OwnedWriteHalf`.
using unix_owned_read_half = owned_read_half<unix_stream>;
using unix_owned_write_half = owned_write_half<unix_stream>;

}  // namespace rt::net
