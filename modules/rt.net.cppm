// rt.net — sockets, addresses and name lookup (and the signal and process areas, which share the
// reactor). Headers are the source of truth: <rt/net.hpp>.
module;
#include <rt/net.hpp>
export module rt.net;
export import rt.core;

export namespace rt::net {
using rt::net::area_name;
using rt::net::lookup_host;
using rt::net::lookup_host_future;
using rt::net::owned_read_half;
using rt::net::owned_write_half;
using rt::net::read_future;
using rt::net::read_half;
using rt::net::ready_future;
using rt::net::resolver_category;
using rt::net::shutdown_future;
using rt::net::socket_addr;
using rt::net::stream_socket;
using rt::net::tcp_accept_future;
using rt::net::tcp_connect_future;
using rt::net::tcp_listener;
using rt::net::tcp_owned_read_half;
using rt::net::tcp_owned_write_half;
using rt::net::tcp_socket;
using rt::net::tcp_stream;
using rt::net::write_all_future;
using rt::net::write_future;
using rt::net::write_half;
}  // namespace rt::net
