// rt/net/unix/unix.cpp — unix_stream, unix_listener and unix_datagram (see their headers).
#include <unistd.h>

#include <cstring>

#include "rt/net/detail/socket_util.hpp"
#include "rt/net/unix/unix_datagram.hpp"
#include "rt/net/unix/unix_stream.hpp"

namespace rt::net {

using io::detail::raise_os_error;

// --- addresses ----------------------------------------------------------------------------------

sockaddr_un detail::make_unix_sockaddr(std::string_view path, socklen_t& len) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) raise_os_error(ENAMETOOLONG, "unix socket path");
    std::memcpy(sa.sun_path, path.data(), path.size());
    len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return sa;
}

unix_socket_addr detail::unix_addr_from(const sockaddr_un& sa, socklen_t len) {
    const auto base = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path));
    if (len <= base || sa.sun_path[0] == '\0') return unix_socket_addr{};
    return unix_socket_addr(std::string(sa.sun_path, ::strnlen(sa.sun_path, len - base)));
}

unix_socket_addr detail::unix_local_addr(int fd) {
    sockaddr_un sa{};
    socklen_t len = sizeof sa;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) < 0) raise_os_error("getsockname");
    return unix_addr_from(sa, len);
}

unix_socket_addr detail::unix_peer_addr(int fd) {
    sockaddr_un sa{};
    socklen_t len = sizeof sa;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len) < 0) raise_os_error("getpeername");
    return unix_addr_from(sa, len);
}

namespace {

// socketpair(AF_UNIX, type), both ends non-blocking and close-on-exec, each adopted by `T`.
template <class T>
std::pair<T, T> make_pair_of(int type) {
    int fds[2];
    if (::socketpair(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0) raise_os_error("socketpair");
    io::detail::io_source a;
    try {
        a = io::detail::io_source(fds[0]);
    } catch (...) {
        ::close(fds[1]);
        throw;
    }
    io::detail::io_source b(fds[1]);
    return {T(std::move(a)), T(std::move(b))};
}

// A new AF_UNIX socket bound to `path`.
int bound_unix_socket(int type, std::string_view path) {
    const int fd = detail::new_socket(AF_UNIX, type);
    socklen_t len = 0;
    try {
        const sockaddr_un sa = detail::make_unix_sockaddr(path, len);
        detail::bind_or_throw(fd, reinterpret_cast<const sockaddr*>(&sa), len);
    } catch (...) {
        ::close(fd);
        throw;
    }
    return fd;
}

}  // namespace

// --- unix_stream / unix_listener ----------------------------------------------------------------

unix_connect_future unix_stream::connect(std::string_view path) {
    socklen_t len = 0;
    const sockaddr_un sa = detail::make_unix_sockaddr(path, len);
    return unix_connect_future(detail::new_socket(AF_UNIX, SOCK_STREAM), reinterpret_cast<const sockaddr*>(&sa), len);
}

std::pair<unix_stream, unix_stream> unix_stream::pair() { return make_pair_of<unix_stream>(SOCK_STREAM); }

io::detail::attempt<std::pair<unix_stream, unix_socket_addr>> detail::unix_accept_fn::operator()() const {
    for (;;) {
        sockaddr_un sa{};
        socklen_t len = sizeof sa;
        const int c = ::accept4(fd, reinterpret_cast<sockaddr*>(&sa), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c >= 0) {
            unix_stream s{io::detail::io_source(c)};
            return std::pair<unix_stream, unix_socket_addr>(std::move(s), unix_addr_from(sa, len));
        }
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
        raise_os_error("accept");
    }
}

unix_listener unix_listener::bind(std::string_view path) {
    const int fd = bound_unix_socket(SOCK_STREAM, path);
    try {
        detail::listen_or_throw(fd, 1024);
    } catch (...) {
        ::close(fd);
        throw;
    }
    return unix_listener(io::detail::io_source(fd));
}

// --- unix_datagram ------------------------------------------------------------------------------

io::detail::attempt<std::pair<std::size_t, unix_socket_addr>> detail::unix_recv_from_fn::operator()() const {
    sockaddr_un sa{};
    socklen_t len = sizeof sa;
    long n;
    do n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&sa), &len);
    while (n < 0 && errno == EINTR);
    auto r = io::detail::check_io(n, "recvfrom");
    if (!r) return std::nullopt;
    return std::pair<std::size_t, unix_socket_addr>(*r, unix_addr_from(sa, len));
}

io::detail::attempt<std::size_t> detail::unix_send_to_fn::operator()() const {
    long n;
    do n = ::sendto(fd, buf.data(), buf.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&to), len);
    while (n < 0 && errno == EINTR);
    return io::detail::check_io(n, "sendto");
}

unix_datagram unix_datagram::bind(std::string_view path) {
    return unix_datagram(io::detail::io_source(bound_unix_socket(SOCK_DGRAM, path)));
}

unix_datagram unix_datagram::unbound() { return unix_datagram(io::detail::io_source(detail::new_socket(AF_UNIX, SOCK_DGRAM))); }

std::pair<unix_datagram, unix_datagram> unix_datagram::pair() { return make_pair_of<unix_datagram>(SOCK_DGRAM); }

void unix_datagram::connect(std::string_view path) {
    socklen_t len = 0;
    const sockaddr_un sa = detail::make_unix_sockaddr(path, len);
    if (::connect(src_.fd(), reinterpret_cast<const sockaddr*>(&sa), len) < 0) raise_os_error("connect");
}

unix_send_to_future unix_datagram::send_to(std::span<const std::byte> buf, std::string_view path) {
    socklen_t len = 0;
    const sockaddr_un sa = detail::make_unix_sockaddr(path, len);
    return {src_, io::detail::direction::write, {src_.fd(), buf, sa, len}};
}

}  // namespace rt::net
