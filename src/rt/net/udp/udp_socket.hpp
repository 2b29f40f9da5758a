// rt/net/udp/udp_socket.hpp — a UDP socket: datagrams to and from any peer, or a connected peer.
//
// Tokio equivalent: `tokio::net::UdpSocket`. Each send/recv is one datagram and one syscall
// behind the readiness loop; recv into a buffer smaller than the datagram truncates it (as the OS
// does). Invariant: like every rt I/O object, one registered fd; cancelled ops unregister.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "rt/core/task.hpp"
#include "rt/io/reactor/fd_ops.hpp"
#include "rt/io/reactor/io_source.hpp"
#include "rt/net/addr/socket_addr.hpp"

namespace rt::net {

namespace detail {
/// One recvfrom attempt: bytes received and the sender.
struct udp_recv_from_fn {
    int fd;
    std::span<std::byte> buf;
    int flags = 0;
    io::detail::attempt<std::pair<std::size_t, socket_addr>> operator()() const;
};
/// One sendto attempt.
struct udp_send_to_fn {
    int fd;
    std::span<const std::byte> buf;
    socket_addr to;
    io::detail::attempt<std::size_t> operator()() const;
};
}  // namespace detail

/// Future of recv_from/peek_from: (bytes, sender). Tokio: `UdpSocket::recv_from`.
using udp_recv_from_future = io::detail::io_op<detail::udp_recv_from_fn>;
/// Future of send_to: bytes sent. Tokio: `UdpSocket::send_to`.
using udp_send_to_future = io::detail::io_op<detail::udp_send_to_fn>;
/// Future of recv on a connected socket. Tokio: `UdpSocket::recv`.
using udp_recv_future = io::detail::io_op<io::detail::recv_fn>;
/// Future of send on a connected socket. Tokio: `UdpSocket::send`.
using udp_send_future = io::detail::io_op<io::detail::send_fn>;

/// A UDP socket. Tokio: `tokio::net::UdpSocket`.
class udp_socket {
public:
    /// Binds to an address ("0.0.0.0:0" for any port). Tokio: `UdpSocket::bind`.
    static task<udp_socket> bind(socket_addr addr);
    /// Resolves "host:port" and binds. Tokio: `UdpSocket::bind`.
    static task<udp_socket> bind(std::string host_port);
    /// Adopts a UDP socket fd. Tokio: `UdpSocket::from_std`.
    static udp_socket from_std(int fd) { return udp_socket(io::detail::io_source(fd)); }

    /// Sets the default peer for send/recv and filters other senders. Completes at once (a UDP
    /// connect never waits), so it is a plain call. Tokio: `UdpSocket::connect`.
    void connect(const socket_addr& addr);

    /// Sends one datagram to `to`. Tokio: `send_to`.
    udp_send_to_future send_to(std::span<const std::byte> buf, const socket_addr& to) {
        return {src_, io::detail::direction::write, {src_.fd(), buf, to}};
    }
    /// Receives one datagram and its sender. Tokio: `recv_from`.
    udp_recv_from_future recv_from(std::span<std::byte> buf) { return {src_, io::detail::direction::read, {src_.fd(), buf, 0}}; }
    /// Like recv_from but leaves the datagram queued. Tokio: `peek_from`.
    udp_recv_from_future peek_from(std::span<std::byte> buf) { return {src_, io::detail::direction::read, {src_.fd(), buf, MSG_PEEK}}; }
    /// Sends one datagram to the connected peer. Tokio: `send`.
    udp_send_future send(std::span<const std::byte> buf) { return {src_, io::detail::direction::write, {src_.fd(), buf}}; }
    /// Receives one datagram from the connected peer. Tokio: `recv`.
    udp_recv_future recv(std::span<std::byte> buf) { return {src_, io::detail::direction::read, {src_.fd(), buf, 0}}; }

    /// The bound address. Tokio: `local_addr`.
    [[nodiscard]] socket_addr local_addr() const;
    /// The connected peer. Tokio: `peer_addr`.
    [[nodiscard]] socket_addr peer_addr() const;
    /// SO_BROADCAST. Tokio: `set_broadcast` / `broadcast`.
    void set_broadcast(bool on);
    [[nodiscard]] bool broadcast() const;
    /// IP_TTL. Tokio: `set_ttl` / `ttl`.
    void set_ttl(std::uint32_t ttl);
    [[nodiscard]] std::uint32_t ttl() const;
    /// Joins an IPv4 multicast group on an interface ("0.0.0.0": any). Tokio: `join_multicast_v4`.
    void join_multicast_v4(const std::string& group, const std::string& iface);
    /// Leaves an IPv4 multicast group. Tokio: `leave_multicast_v4`.
    void leave_multicast_v4(const std::string& group, const std::string& iface);
    /// IP_MULTICAST_LOOP. Tokio: `set_multicast_loop_v4` / `multicast_loop_v4`.
    void set_multicast_loop_v4(bool on);
    [[nodiscard]] bool multicast_loop_v4() const;
    /// Joins an IPv6 multicast group on interface index `iface` (0: any). Tokio: `join_multicast_v6`.
    void join_multicast_v6(const std::string& group, std::uint32_t iface);
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

    explicit udp_socket(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    udp_socket(udp_socket&&) noexcept = default;
    udp_socket& operator=(udp_socket&&) noexcept = default;

private:
    io::detail::io_source src_;
};

}  // namespace rt::net
