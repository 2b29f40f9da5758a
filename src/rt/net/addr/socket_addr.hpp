// rt/net/addr/socket_addr.hpp — an IPv4 or IPv6 socket address (ip + port).
//
// Tokio/std equivalent: `std::net::SocketAddr`. Invariant: `storage_` always holds a valid
// sockaddr_in or sockaddr_in6 (a default-constructed address is 0.0.0.0:0).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rt::net {

/// An IP address and port. Tokio: `std::net::SocketAddr`.
class socket_addr {
public:
    /// 0.0.0.0:0.
    socket_addr() noexcept;
    /// From a numeric IP ("127.0.0.1", "::1") and a port; throws std::invalid_argument if not numeric.
    socket_addr(std::string_view ip, std::uint16_t port);
    /// The same from any other integer port; throws std::invalid_argument when it is outside
    /// 0..65535 (a plain conversion to uint16_t would wrap it silently).
    template <std::integral P>
        requires(!std::same_as<P, std::uint16_t> && !std::same_as<P, bool>)
    socket_addr(std::string_view ip, P port)
        : socket_addr(ip, std::in_range<std::uint16_t>(port) ? static_cast<std::uint16_t>(port) : bad_port()) {}

    /// Parses "1.2.3.4:80" or "[::1]:80" (numeric only). Tokio: `SocketAddr::from_str`.
    static std::optional<socket_addr> parse(std::string_view text);
    /// From a kernel sockaddr (AF_INET / AF_INET6); nullopt for other families.
    static std::optional<socket_addr> from_sockaddr(const sockaddr* sa, socklen_t len) noexcept;

    /// The port. Tokio: `SocketAddr::port`.
    [[nodiscard]] std::uint16_t port() const noexcept;
    /// Replaces the port. Tokio: `SocketAddr::set_port`.
    void set_port(std::uint16_t port) noexcept;
    /// The IP as text ("127.0.0.1", "::1"). Tokio: `SocketAddr::ip().to_string()`.
    [[nodiscard]] std::string ip() const;
    /// True for IPv4. Tokio: `SocketAddr::is_ipv4`.
    [[nodiscard]] bool is_ipv4() const noexcept { return storage_.ss_family == AF_INET; }
    /// True for IPv6. Tokio: `SocketAddr::is_ipv6`.
    [[nodiscard]] bool is_ipv6() const noexcept { return storage_.ss_family == AF_INET6; }
    /// "ip:port", with brackets around IPv6. Tokio: `Display for SocketAddr`.
    [[nodiscard]] std::string to_string() const;

    [[nodiscard]] const sockaddr* as_sockaddr() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
    [[nodiscard]] socklen_t size() const noexcept;
    [[nodiscard]] int family() const noexcept { return storage_.ss_family; }

    friend bool operator==(const socket_addr& a, const socket_addr& b) noexcept;

private:
    [[noreturn]] static std::uint16_t bad_port();
    sockaddr_storage storage_{};
};

}  // namespace rt::net
