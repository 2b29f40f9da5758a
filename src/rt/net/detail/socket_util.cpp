// rt/net/detail/socket_util.cpp — see socket_util.hpp.
#include "rt/net/detail/socket_util.hpp"

#include "rt/io/reactor/io_source.hpp"

namespace rt::net::detail {

using io::detail::raise_os_error;

int new_socket(int family, int type) {
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) raise_os_error("socket");
    return fd;
}

void set_int_opt(int fd, int level, int name, int value, const char* what) {
    if (::setsockopt(fd, level, name, &value, sizeof value) < 0) raise_os_error(what);
}

int get_int_opt(int fd, int level, int name, const char* what) {
    int value = 0;
    socklen_t len = sizeof value;
    if (::getsockopt(fd, level, name, &value, &len) < 0) raise_os_error(what);
    return value;
}

void set_linger(int fd, std::optional<std::chrono::seconds> d) {
    ::linger l{};
    l.l_onoff = d.has_value() ? 1 : 0;
    l.l_linger = d ? static_cast<int>(d->count()) : 0;
    if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0) raise_os_error("setsockopt(SO_LINGER)");
}

std::optional<std::chrono::seconds> get_linger(int fd) {
    ::linger l{};
    socklen_t len = sizeof l;
    if (::getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) < 0) raise_os_error("getsockopt(SO_LINGER)");
    if (!l.l_onoff) return std::nullopt;
    return std::chrono::seconds(l.l_linger);
}

socket_addr local_ip_addr(int fd) {
    sockaddr_storage st{};
    socklen_t len = sizeof st;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&st), &len) < 0) raise_os_error("getsockname");
    auto a = socket_addr::from_sockaddr(reinterpret_cast<sockaddr*>(&st), len);
    if (!a) raise_os_error(EAFNOSUPPORT, "getsockname");
    return *a;
}

socket_addr peer_ip_addr(int fd) {
    sockaddr_storage st{};
    socklen_t len = sizeof st;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&st), &len) < 0) raise_os_error("getpeername");
    auto a = socket_addr::from_sockaddr(reinterpret_cast<sockaddr*>(&st), len);
    if (!a) raise_os_error(EAFNOSUPPORT, "getpeername");
    return *a;
}

void bind_or_throw(int fd, const sockaddr* sa, socklen_t len) {
    if (::bind(fd, sa, len) < 0) raise_os_error("bind");
}

void listen_or_throw(int fd, int backlog) {
    if (::listen(fd, backlog) < 0) raise_os_error("listen");
}

int take_socket_error(int fd) { return get_int_opt(fd, SOL_SOCKET, SO_ERROR, "getsockopt(SO_ERROR)"); }

}  // namespace rt::net::detail
