// rt/net/tcp/tcp_socket.hpp — a TCP socket not yet connected or listening, to set options first.
//
// Tokio equivalent: `tokio::net::TcpSocket`. Invariant: the fd is owned and unregistered until
// listen() or connect() turns it into a listener or a stream (which register it).
#pragma once

#include <cstdint>
#include <utility>

#include "rt/net/addr/socket_addr.hpp"
#include "rt/net/tcp/tcp_listener.hpp"
#include "rt/net/tcp/tcp_stream.hpp"

namespace rt::net {

/// A TCP socket builder. Tokio: `tokio::net::TcpSocket`.
class tcp_socket {
public:
    /// An IPv4 TCP socket. Tokio: `TcpSocket::new_v4`.
    static tcp_socket new_v4();
    /// An IPv6 TCP socket. Tokio: `TcpSocket::new_v6`.
    static tcp_socket new_v6();

    tcp_socket(tcp_socket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    tcp_socket& operator=(tcp_socket&& o) noexcept;
    ~tcp_socket();

    /// SO_REUSEADDR. Tokio: `set_reuseaddr` / `reuseaddr`.
    void set_reuseaddr(bool on);
    [[nodiscard]] bool reuseaddr() const;
    /// SO_REUSEPORT. Tokio: `set_reuseport` / `reuseport`.
    void set_reuseport(bool on);
    [[nodiscard]] bool reuseport() const;
    /// SO_SNDBUF. Tokio: `set_send_buffer_size` / `send_buffer_size`.
    void set_send_buffer_size(std::uint32_t n);
    [[nodiscard]] std::uint32_t send_buffer_size() const;
    /// SO_RCVBUF. Tokio: `set_recv_buffer_size` / `recv_buffer_size`.
    void set_recv_buffer_size(std::uint32_t n);
    [[nodiscard]] std::uint32_t recv_buffer_size() const;
    /// TCP_NODELAY before connecting. Tokio: `set_nodelay`.
    void set_nodelay(bool on);

    /// Binds the socket. Tokio: `TcpSocket::bind`.
    void bind(const socket_addr& addr);
    /// The bound address. Tokio: `local_addr`.
    [[nodiscard]] socket_addr local_addr() const;
    /// Starts listening (needs a runtime). Tokio: `TcpSocket::listen`.
    tcp_listener listen(int backlog) &&;
    /// Connects (consumes the socket). Tokio: `TcpSocket::connect`.
    tcp_connect_future connect(const socket_addr& addr) &&;

private:
    explicit tcp_socket(int fd) noexcept : fd_(fd) {}
    int fd_;
};

}  // namespace rt::net
