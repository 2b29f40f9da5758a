// rt/net/tcp/tcp.cpp — tcp_stream, tcp_listener and tcp_socket (see their headers).
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <exception>

#include "rt/net/addr/lookup_host.hpp"
#include "rt/net/detail/socket_util.hpp"
#include "rt/net/tcp/tcp_listener.hpp"
#include "rt/net/tcp/tcp_socket.hpp"
#include "rt/net/tcp/tcp_stream.hpp"

namespace rt::net {

using io::detail::raise_os_error;

namespace {

void set_ttl_of(int fd, int family, std::uint32_t ttl) {
    if (family == AF_INET6) {
        detail::set_int_opt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, static_cast<int>(ttl), "setsockopt(IPV6_UNICAST_HOPS)");
    } else {
        detail::set_int_opt(fd, IPPROTO_IP, IP_TTL, static_cast<int>(ttl), "setsockopt(IP_TTL)");
    }
}

// Runs `attempt(addr)` (a future) for each resolved address until one succeeds; rethrows the last
// failure (Tokio tries every address of `ToSocketAddrs` the same way).
template <class T, class F>
task<T> first_that_works(std::string host_port, F attempt, const char* what) {
    const auto addrs = co_await lookup_host(host_port);
    std::exception_ptr last;
    for (const socket_addr& a : addrs) {
        try {
            co_return co_await attempt(a);
        } catch (const std::system_error&) {
            last = std::current_exception();
        }
    }
    if (last) std::rethrow_exception(last);
    raise_os_error(EADDRNOTAVAIL, what);
}

std::uint32_t ttl_of(int fd, int family) {
    if (family == AF_INET6) return static_cast<std::uint32_t>(detail::get_int_opt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, "getsockopt(IPV6_UNICAST_HOPS)"));
    return static_cast<std::uint32_t>(detail::get_int_opt(fd, IPPROTO_IP, IP_TTL, "getsockopt(IP_TTL)"));
}

}  // namespace

// --- tcp_stream ---------------------------------------------------------------------------------

tcp_connect_future tcp_stream::connect(const socket_addr& addr) {
    return tcp_connect_future(detail::new_socket(addr.family(), SOCK_STREAM), addr.as_sockaddr(), addr.size());
}

task<tcp_stream> tcp_stream::connect(std::string host_port) {
    return first_that_works<tcp_stream>(std::move(host_port), [](const socket_addr& a) { return connect(a); },
                                        "connect: no address to connect to");
}

socket_addr tcp_stream::local_addr() const { return detail::local_ip_addr(native_handle()); }
socket_addr tcp_stream::peer_addr() const { return detail::peer_ip_addr(native_handle()); }

void tcp_stream::set_nodelay(bool on) {
    detail::set_int_opt(native_handle(), IPPROTO_TCP, TCP_NODELAY, on ? 1 : 0, "setsockopt(TCP_NODELAY)");
}
bool tcp_stream::nodelay() const { return detail::get_int_opt(native_handle(), IPPROTO_TCP, TCP_NODELAY, "getsockopt(TCP_NODELAY)") != 0; }
void tcp_stream::set_linger(std::optional<std::chrono::seconds> d) { detail::set_linger(native_handle(), d); }
std::optional<std::chrono::seconds> tcp_stream::linger() const { return detail::get_linger(native_handle()); }
void tcp_stream::set_ttl(std::uint32_t ttl) { set_ttl_of(native_handle(), local_addr().family(), ttl); }
std::uint32_t tcp_stream::ttl() const { return ttl_of(native_handle(), local_addr().family()); }

std::pair<owned_read_half<tcp_stream>, owned_write_half<tcp_stream>> tcp_stream::into_split() && {
    auto shared = std::make_shared<tcp_stream>(std::move(*this));
    return {owned_read_half<tcp_stream>(shared), owned_write_half<tcp_stream>(shared)};
}

// --- tcp_listener -------------------------------------------------------------------------------

io::detail::attempt<std::pair<tcp_stream, socket_addr>> detail::tcp_accept_fn::operator()() const {
    for (;;) {
        sockaddr_storage st{};
        socklen_t len = sizeof st;
        const int c = ::accept4(fd, reinterpret_cast<sockaddr*>(&st), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c >= 0) {
            auto peer = socket_addr::from_sockaddr(reinterpret_cast<sockaddr*>(&st), len);
            tcp_stream s{io::detail::io_source(c)};
            return std::pair<tcp_stream, socket_addr>(std::move(s), peer.value_or(socket_addr{}));
        }
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
        raise_os_error("accept");
    }
}

task<tcp_listener> tcp_listener::bind(socket_addr addr) {
    tcp_socket s = addr.is_ipv6() ? tcp_socket::new_v6() : tcp_socket::new_v4();
    s.set_reuseaddr(true);
    s.bind(addr);
    co_return std::move(s).listen(1024);
}

task<tcp_listener> tcp_listener::bind(std::string host_port) {
    return first_that_works<tcp_listener>(std::move(host_port), [](const socket_addr& a) { return bind(a); },
                                          "bind: no address to bind to");
}

socket_addr tcp_listener::local_addr() const { return detail::local_ip_addr(src_.fd()); }
void tcp_listener::set_ttl(std::uint32_t ttl) { set_ttl_of(src_.fd(), local_addr().family(), ttl); }
std::uint32_t tcp_listener::ttl() const { return ttl_of(src_.fd(), local_addr().family()); }

// --- tcp_socket ---------------------------------------------------------------------------------

tcp_socket tcp_socket::new_v4() { return tcp_socket(detail::new_socket(AF_INET, SOCK_STREAM)); }
tcp_socket tcp_socket::new_v6() { return tcp_socket(detail::new_socket(AF_INET6, SOCK_STREAM)); }

tcp_socket& tcp_socket::operator=(tcp_socket&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
}

tcp_socket::~tcp_socket() {
    if (fd_ >= 0) ::close(fd_);
}

void tcp_socket::set_reuseaddr(bool on) { detail::set_int_opt(fd_, SOL_SOCKET, SO_REUSEADDR, on, "setsockopt(SO_REUSEADDR)"); }
bool tcp_socket::reuseaddr() const { return detail::get_int_opt(fd_, SOL_SOCKET, SO_REUSEADDR, "getsockopt(SO_REUSEADDR)") != 0; }
void tcp_socket::set_reuseport(bool on) { detail::set_int_opt(fd_, SOL_SOCKET, SO_REUSEPORT, on, "setsockopt(SO_REUSEPORT)"); }
bool tcp_socket::reuseport() const { return detail::get_int_opt(fd_, SOL_SOCKET, SO_REUSEPORT, "getsockopt(SO_REUSEPORT)") != 0; }
void tcp_socket::set_send_buffer_size(std::uint32_t n) {
    detail::set_int_opt(fd_, SOL_SOCKET, SO_SNDBUF, static_cast<int>(n), "setsockopt(SO_SNDBUF)");
}
std::uint32_t tcp_socket::send_buffer_size() const {
    return static_cast<std::uint32_t>(detail::get_int_opt(fd_, SOL_SOCKET, SO_SNDBUF, "getsockopt(SO_SNDBUF)"));
}
void tcp_socket::set_recv_buffer_size(std::uint32_t n) {
    detail::set_int_opt(fd_, SOL_SOCKET, SO_RCVBUF, static_cast<int>(n), "setsockopt(SO_RCVBUF)");
}
std::uint32_t tcp_socket::recv_buffer_size() const {
    return static_cast<std::uint32_t>(detail::get_int_opt(fd_, SOL_SOCKET, SO_RCVBUF, "getsockopt(SO_RCVBUF)"));
}
void tcp_socket::set_nodelay(bool on) { detail::set_int_opt(fd_, IPPROTO_TCP, TCP_NODELAY, on, "setsockopt(TCP_NODELAY)"); }

void tcp_socket::bind(const socket_addr& addr) { detail::bind_or_throw(fd_, addr.as_sockaddr(), addr.size()); }
socket_addr tcp_socket::local_addr() const { return detail::local_ip_addr(fd_); }

tcp_listener tcp_socket::listen(int backlog) && {
    detail::listen_or_throw(fd_, backlog);
    return tcp_listener(io::detail::io_source(std::exchange(fd_, -1)));
}

tcp_connect_future tcp_socket::connect(const socket_addr& addr) && {
    return tcp_connect_future(std::exchange(fd_, -1), addr.as_sockaddr(), addr.size());
}

}  // namespace rt::net
