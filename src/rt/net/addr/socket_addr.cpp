// rt/net/addr/socket_addr.cpp — see socket_addr.hpp.
#include "rt/net/addr/socket_addr.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace rt::net {
namespace {

bool parse_ip(std::string_view ip, std::uint16_t port, sockaddr_storage& out) {
    const std::string s(ip);
    sockaddr_storage st{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&st);
    if (::inet_pton(AF_INET, s.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        out = st;
        return true;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&st);
    if (::inet_pton(AF_INET6, s.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        out = st;
        return true;
    }
    return false;
}

}  // namespace

socket_addr::socket_addr() noexcept {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage_);
    v4->sin_family = AF_INET;
}

socket_addr::socket_addr(std::string_view ip, std::uint16_t port) {
    if (!parse_ip(ip, port, storage_)) throw std::invalid_argument("rt::net::socket_addr: not a numeric IP: " + std::string(ip));
}

std::uint16_t socket_addr::bad_port() { throw std::invalid_argument("rt::net::socket_addr: port out of range (0-65535)"); }

std::optional<socket_addr> socket_addr::parse(std::string_view text) {
    std::string_view host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
    }
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) return std::nullopt;
    socket_addr a;
    if (!parse_ip(host, static_cast<std::uint16_t>(port), a.storage_)) return std::nullopt;
    return a;
}

std::optional<socket_addr> socket_addr::from_sockaddr(const sockaddr* sa, socklen_t len) noexcept {
    socket_addr a;
    if (sa->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
        std::memcpy(&a.storage_, sa, sizeof(sockaddr_in));
        return a;
    }
    if (sa->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
        std::memcpy(&a.storage_, sa, sizeof(sockaddr_in6));
        return a;
    }
    return std::nullopt;
}

std::uint16_t socket_addr::port() const noexcept {
    if (is_ipv6()) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
}

void socket_addr::set_port(std::uint16_t port) noexcept {
    if (is_ipv6()) {
        reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
    } else {
        reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
    }
}

std::string socket_addr::ip() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (is_ipv6()) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, buf, sizeof buf);
    } else {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buf, sizeof buf);
    }
    return buf;
}

std::string socket_addr::to_string() const {
    if (is_ipv6()) return "[" + ip() + "]:" + std::to_string(port());
    return ip() + ":" + std::to_string(port());
}

socklen_t socket_addr::size() const noexcept {
    return is_ipv6() ? static_cast<socklen_t>(sizeof(sockaddr_in6)) : static_cast<socklen_t>(sizeof(sockaddr_in));
}

bool operator==(const socket_addr& a, const socket_addr& b) noexcept {
    return a.family() == b.family() && std::memcmp(a.as_sockaddr(), b.as_sockaddr(), a.size()) == 0;
}

}  // namespace rt::net
