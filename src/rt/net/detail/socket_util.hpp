// rt/net/detail/socket_util.hpp — thin, throwing wrappers over the BSD socket calls the net types share.
//
// Invariant: every fd these return is close-on-exec and non-blocking, and every failure throws a
// std::system_error naming the call (the error rule of rt).
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <optional>

#include "rt/net/addr/socket_addr.hpp"

namespace rt::net::detail {

/// socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0).
int new_socket(int family, int type);
/// setsockopt(level, name, int).
void set_int_opt(int fd, int level, int name, int value, const char* what);
/// getsockopt(level, name) as int.
int get_int_opt(int fd, int level, int name, const char* what);
/// SO_LINGER as an optional timeout.
void set_linger(int fd, std::optional<std::chrono::seconds> d);
std::optional<std::chrono::seconds> get_linger(int fd);
/// getsockname / getpeername for IP sockets.
socket_addr local_ip_addr(int fd);
socket_addr peer_ip_addr(int fd);
/// bind or throw.
void bind_or_throw(int fd, const sockaddr* sa, socklen_t len);
/// listen or throw.
void listen_or_throw(int fd, int backlog);
/// SO_ERROR, cleared.
int take_socket_error(int fd);

}  // namespace rt::net::detail
