// rt.net — sockets, addresses and name lookup (and the signal and process areas, which share the
// reactor). Headers are the source of truth: <rt/net.hpp>.
module;
#include <rt/net.hpp>
export module rt.net;
export import rt.core;
export import rt.io;

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
using rt::net::udp_recv_from_future;
using rt::net::udp_send_to_future;
using rt::net::udp_recv_future;
using rt::net::udp_send_future;
using rt::net::udp_socket;
using rt::net::unix_socket_addr;
using rt::net::unix_stream;
using rt::net::unix_listener;
using rt::net::unix_connect_future;
using rt::net::unix_accept_future;
using rt::net::unix_owned_read_half;
using rt::net::unix_owned_write_half;
using rt::net::unix_datagram;
using rt::net::unix_recv_from_future;
using rt::net::unix_send_to_future;
}  // namespace rt::net

export namespace rt::signal {
using rt::signal::ctrl_c;
using rt::signal::ctrl_c_future;
namespace unix {
using rt::signal::unix::signal;
using rt::signal::unix::signal_kind;
using rt::signal::unix::signal_stream;
}  // namespace unix
}  // namespace rt::signal

export namespace rt::process {
using rt::process::child;
using rt::process::child_stderr;
using rt::process::child_stdin;
using rt::process::child_stdout;
using rt::process::command;
using rt::process::exit_status;
using rt::process::output;
using rt::process::pipe_reader;
using rt::process::pipe_writer;
using rt::process::stdio;
using rt::process::wait_future;
}  // namespace rt::process
