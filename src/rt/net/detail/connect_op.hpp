// rt/net/detail/connect_op.hpp — the non-blocking connect future behind tcp/unix connect.
//
// Tokio equivalent: `TcpStream::connect_mio` (connect, then wait for writability and read
// SO_ERROR). Invariant: the socket is owned by the future until it completes, so dropping a
// pending connect (timeout, select) closes the half-open socket and unregisters its waker.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <utility>

#include "rt/io/reactor/io_source.hpp"

namespace rt::net::detail {

/// Connects fd to the address; completes with the registered socket. S is built from io_source.
template <class S>
class connect_op {
public:
    connect_op(int fd, const sockaddr* sa, socklen_t len) noexcept : fd_(fd), len_(len) { std::memcpy(&addr_, sa, len); }
    connect_op(connect_op&& o) noexcept
        : fd_(std::exchange(o.fd_, -1)), addr_(o.addr_), len_(o.len_), src_(std::move(o.src_)), waiter_(std::move(o.waiter_)) {}
    connect_op(const connect_op&) = delete;
    ~connect_op() {
        waiter_.reset();  // before src_ (declared after it) deregisters
        if (fd_ >= 0) ::close(fd_);
    }

    poll_result<S> poll(context& cx) {
        if (fd_ >= 0) {
            // Connect first, register after: a stream socket that has not started connecting is in
            // state CLOSE, for which epoll reports EPOLLHUP at once. Registered first, a reactor
            // turn on another worker could record that as "closed" before connect() runs, and
            // this future would take the HUP for a finished connect.
            // EINTR: the connect goes on asynchronously (POSIX), as for EINPROGRESS.
            const int r = ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr_), len_);
            if (r < 0 && errno != EINPROGRESS && errno != EINTR) io::detail::raise_os_error("connect");  // ~connect_op closes fd_
            src_ = io::detail::io_source(std::exchange(fd_, -1));  // registers (or closes and throws)
            if (r == 0) return S(std::move(src_));
        }
        if (src_.poll_ready(cx, io::detail::direction::write, waiter_).is_pending()) return pending;
        int err = 0;
        socklen_t elen = sizeof err;
        if (::getsockopt(src_.fd(), SOL_SOCKET, SO_ERROR, &err, &elen) < 0) io::detail::raise_os_error("getsockopt(SO_ERROR)");
        if (err != 0) io::detail::raise_os_error(err, "connect");
        waiter_.reset();
        return S(std::move(src_));
    }

private:
    int fd_;  // owned until the first poll registers it
    sockaddr_storage addr_{};
    socklen_t len_;
    io::detail::io_source src_;
    io::detail::io_waiter waiter_;
};

}  // namespace rt::net::detail
