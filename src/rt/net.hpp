// rt/net.hpp — the net area (`import rt.net;` exports the same names): TCP, UDP and Unix sockets,
// addresses and name lookup; also the signal and process areas, which share its reactor.
#pragma once

#include "rt/core.hpp"
#include "rt/net/addr/lookup_host.hpp"
#include "rt/net/addr/socket_addr.hpp"
#include "rt/net/stream/halves.hpp"
#include "rt/net/stream/stream_socket.hpp"
#include "rt/net/tcp/tcp_listener.hpp"
#include "rt/net/tcp/tcp_socket.hpp"
#include "rt/net/tcp/tcp_stream.hpp"
#include "rt/net/udp/udp_socket.hpp"
#include "rt/net/unix/unix_addr.hpp"
#include "rt/net/unix/unix_datagram.hpp"
#include "rt/net/unix/unix_stream.hpp"
#include "rt/process.hpp"
#include "rt/signal.hpp"

namespace rt::net {

/// The area's name (kept: a test of the module layout reads it).
inline constexpr const char* area_name = "net";

}  // namespace rt::net
