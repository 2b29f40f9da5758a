// rt/net/udp/udp_socket.cpp — see udp_socket.hpp.
#include "rt/net/udp/udp_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "rt/net/addr/lookup_host.hpp"
#include "rt/net/detail/socket_util.hpp"

namespace rt::net {

using io::detail::raise_os_error;

io::detail::attempt<std::pair<std::size_t, socket_addr>> detail::udp_recv_from_fn::operator()() const {
    sockaddr_storage st{};
    socklen_t len = sizeof st;
    long n;
    do n = ::recvfrom(fd, buf.data(), buf.size(), flags, reinterpret_cast<sockaddr*>(&st), &len);
    while (n < 0 && errno == EINTR);
    auto r = io::detail::check_io(n, "recvfrom");
    if (!r) return std::nullopt;
    auto from = socket_addr::from_sockaddr(reinterpret_cast<sockaddr*>(&st), len);
    return std::pair<std::size_t, socket_addr>(*r, from.value_or(socket_addr{}));
}

io::detail::attempt<std::size_t> detail::udp_send_to_fn::operator()() const {
    long n;
    do n = ::sendto(fd, buf.data(), buf.size(), MSG_NOSIGNAL, to.as_sockaddr(), to.size());
    while (n < 0 && errno == EINTR);
    return io::detail::check_io(n, "sendto");
}

task<udp_socket> udp_socket::bind(socket_addr addr) {
    const int fd = detail::new_socket(addr.family(), SOCK_DGRAM);
    try {
        detail::bind_or_throw(fd, addr.as_sockaddr(), addr.size());
    } catch (...) {
        ::close(fd);
        throw;
    }
    co_return udp_socket(io::detail::io_source(fd));
}

task<udp_socket> udp_socket::bind(std::string host_port) {
    const auto addrs = co_await lookup_host(host_port);
    if (addrs.empty()) raise_os_error(EADDRNOTAVAIL, "bind: no address to bind to");
    co_return co_await bind(addrs.front());
}

void udp_socket::connect(const socket_addr& addr) {
    if (::connect(src_.fd(), addr.as_sockaddr(), addr.size()) < 0) raise_os_error("connect");
}

socket_addr udp_socket::local_addr() const { return detail::local_ip_addr(src_.fd()); }
socket_addr udp_socket::peer_addr() const { return detail::peer_ip_addr(src_.fd()); }

void udp_socket::set_broadcast(bool on) { detail::set_int_opt(src_.fd(), SOL_SOCKET, SO_BROADCAST, on, "setsockopt(SO_BROADCAST)"); }
bool udp_socket::broadcast() const { return detail::get_int_opt(src_.fd(), SOL_SOCKET, SO_BROADCAST, "getsockopt(SO_BROADCAST)") != 0; }
void udp_socket::set_ttl(std::uint32_t ttl) { detail::set_int_opt(src_.fd(), IPPROTO_IP, IP_TTL, static_cast<int>(ttl), "setsockopt(IP_TTL)"); }
std::uint32_t udp_socket::ttl() const {
    return static_cast<std::uint32_t>(detail::get_int_opt(src_.fd(), IPPROTO_IP, IP_TTL, "getsockopt(IP_TTL)"));
}

namespace {

ip_mreq make_mreq(const std::string& group, const std::string& iface) {
    ip_mreq m{};
    if (::inet_pton(AF_INET, group.c_str(), &m.imr_multiaddr) != 1 || ::inet_pton(AF_INET, iface.c_str(), &m.imr_interface) != 1) {
        raise_os_error(EINVAL, "multicast: not an IPv4 address");
    }
    return m;
}

}  // namespace

void udp_socket::join_multicast_v4(const std::string& group, const std::string& iface) {
    const ip_mreq m = make_mreq(group, iface);
    if (::setsockopt(src_.fd(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) < 0) raise_os_error("setsockopt(IP_ADD_MEMBERSHIP)");
}

void udp_socket::leave_multicast_v4(const std::string& group, const std::string& iface) {
    const ip_mreq m = make_mreq(group, iface);
    if (::setsockopt(src_.fd(), IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m) < 0) raise_os_error("setsockopt(IP_DROP_MEMBERSHIP)");
}

void udp_socket::set_multicast_loop_v4(bool on) {
    detail::set_int_opt(src_.fd(), IPPROTO_IP, IP_MULTICAST_LOOP, on, "setsockopt(IP_MULTICAST_LOOP)");
}
bool udp_socket::multicast_loop_v4() const {
    return detail::get_int_opt(src_.fd(), IPPROTO_IP, IP_MULTICAST_LOOP, "getsockopt(IP_MULTICAST_LOOP)") != 0;
}

void udp_socket::join_multicast_v6(const std::string& group, std::uint32_t iface) {
    ipv6_mreq m{};
    if (::inet_pton(AF_INET6, group.c_str(), &m.ipv6mr_multiaddr) != 1) raise_os_error(EINVAL, "multicast: not an IPv6 address");
    m.ipv6mr_interface = iface;
    if (::setsockopt(src_.fd(), IPPROTO_IPV6, IPV6_JOIN_GROUP, &m, sizeof m) < 0) raise_os_error("setsockopt(IPV6_JOIN_GROUP)");
}

}  // namespace rt::net
