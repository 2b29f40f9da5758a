// rt/net/tcp/tcp_stream.hpp — a connected TCP socket.
//
// Tokio equivalent: `tokio::net::TcpStream`. Reads, writes, peeks and readiness come from
// stream_socket; this adds connecting, addresses, TCP options and splitting. Invariant: a
// tcp_stream that is not moved-from owns one registered, connected (or reset) socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "rt/core/task.hpp"
#include "rt/net/addr/socket_addr.hpp"
#include "rt/net/detail/connect_op.hpp"
#include "rt/net/stream/halves.hpp"
#include "rt/net/stream/stream_socket.hpp"

namespace rt::net {

class tcp_stream;
/// Future of tcp_stream::connect(socket_addr) and tcp_socket::connect. Tokio: `TcpStream::connect`.
using tcp_connect_future = detail::connect_op<tcp_stream>;

/// A TCP connection. Tokio: `tokio::net::TcpStream`.
class tcp_stream : public stream_socket {
public:
    /// Connects to an address. Throws std::system_error (e.g. ECONNREFUSED). Tokio: `TcpStream::connect`.
    static tcp_connect_future connect(const socket_addr& addr);
    /// Resolves "host:port" and connects to the first address that accepts. Tokio: `TcpStream::connect`.
    static task<tcp_stream> connect(std::string host_port);
    /// Adopts a connected socket fd (made non-blocking, registered with the current runtime).
    /// Tokio: `TcpStream::from_std`.
    static tcp_stream from_std(int fd) { return tcp_stream(io::detail::io_source(fd)); }
    /// Gives the fd back (still non-blocking) and leaves this object empty. Tokio: `into_std`.
    int into_std() noexcept { return src_.release(); }

    /// The local address. Tokio: `local_addr`.
    [[nodiscard]] socket_addr local_addr() const;
    /// The remote address. Tokio: `peer_addr`.
    [[nodiscard]] socket_addr peer_addr() const;

    /// TCP_NODELAY (Nagle off). Tokio: `set_nodelay` / `nodelay`.
    void set_nodelay(bool on);
    [[nodiscard]] bool nodelay() const;
    /// SO_LINGER. Tokio: `set_linger` / `linger`.
    void set_linger(std::optional<std::chrono::seconds> d);
    [[nodiscard]] std::optional<std::chrono::seconds> linger() const;
    /// IP_TTL (IPv6: unicast hops). Tokio: `set_ttl` / `ttl`.
    void set_ttl(std::uint32_t ttl);
    [[nodiscard]] std::uint32_t ttl() const;

    /// Borrowed halves: read in one task, write in another; the stream must outlive them.
    /// Tokio: `TcpStream::split`.
    std::pair<read_half, write_half> split() noexcept { return {read_half(*this), write_half(*this)}; }
    /// Owned halves sharing the stream; dropping the write half shuts the write side.
    /// Tokio: `TcpStream::into_split`.
    std::pair<owned_read_half<tcp_stream>, owned_write_half<tcp_stream>> into_split() &&;

    /// Wraps a registered socket (used by connect/accept).
    explicit tcp_stream(io::detail::io_source src) noexcept : stream_socket(std::move(src)) {}
    tcp_stream(tcp_stream&&) noexcept = default;
    tcp_stream& operator=(tcp_stream&&) noexcept = default;
};

/// Owned read half of a tcp_stream. Tokio: `tcp::OwnedReadHalf`.
using tcp_owned_read_half = owned_read_half<tcp_stream>;
/// Owned write half of a tcp_stream. Tokio: `tcp::OwnedWriteHalf`.
using tcp_owned_write_half = owned_write_half<tcp_stream>;

}  // namespace rt::net
