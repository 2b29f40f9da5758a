// rt/net/stream/stream_socket.cpp — see stream_socket.hpp.
#include "rt/net/stream/stream_socket.hpp"

namespace rt::net {

poll_result<void> shutdown_future::poll(context&) {
    // ENOTCONN: the peer already reset the connection; the write side is closed either way
    // (Tokio: shutdown after a reset is Ok).
    if (::shutdown(fd_, SHUT_WR) < 0 && errno != ENOTCONN) io::detail::raise_os_error("shutdown");
    return ready();
}

}  // namespace rt::net
