// rt/io/reactor/fd_ops.hpp — the one-syscall attempts that io_op futures retry on readiness.
//
// Each functor performs exactly one non-blocking syscall (retrying only EINTR) and returns
// attempt<T>: a value, nullopt for EAGAIN, or throws std::system_error. Invariant: none of them
// ever blocks, so they are safe to run on a runtime worker.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <span>

#include "rt/io/reactor/io_source.hpp"

namespace rt::io::detail {

/// ::read into a buffer (pipes, any fd).
struct read_fn {
    int fd;
    std::span<std::byte> buf;
    attempt<std::size_t> operator()() const {
        long n;
        do n = ::read(fd, buf.data(), buf.size()); while (n < 0 && errno == EINTR);
        return check_io(n, "read");
    }
};

/// ::write from a buffer (pipes, any fd).
struct write_fn {
    int fd;
    std::span<const std::byte> buf;
    attempt<std::size_t> operator()() const {
        long n;
        do n = ::write(fd, buf.data(), buf.size()); while (n < 0 && errno == EINTR);
        return check_io(n, "write");
    }
};

/// ::recv with flags (0, or MSG_PEEK for peek).
struct recv_fn {
    int fd;
    std::span<std::byte> buf;
    int flags = 0;
    attempt<std::size_t> operator()() const {
        long n;
        do n = ::recv(fd, buf.data(), buf.size(), flags); while (n < 0 && errno == EINTR);
        return check_io(n, flags & MSG_PEEK ? "peek" : "recv");
    }
};

/// ::send with MSG_NOSIGNAL (a reset peer is an EPIPE error, never a SIGPIPE).
struct send_fn {
    int fd;
    std::span<const std::byte> buf;
    attempt<std::size_t> operator()() const {
        long n;
        do n = ::send(fd, buf.data(), buf.size(), MSG_NOSIGNAL); while (n < 0 && errno == EINTR);
        return check_io(n, "send");
    }
};

/// recv on a stream socket: a read shorter than the buffer means the socket was drained.
struct stream_recv_fn : recv_fn {
    [[nodiscard]] bool drained(std::size_t n) const noexcept {
        return flags == 0 && n > 0 && n < buf.size();
    }
};

/// send on a stream socket: a write shorter than the buffer means the send buffer is full.
struct stream_send_fn : send_fn {
    [[nodiscard]] bool drained(std::size_t n) const noexcept { return n > 0 && n < buf.size(); }
};

/// Writes a whole buffer through `Fn` (a send or write functor), one readiness loop per chunk.
/// Tokio: `AsyncWriteExt::write_all`.
template <class Fn>
class write_all_op {
public:
    write_all_op(io_source& src, std::span<const std::byte> buf) noexcept : src_(&src), rest_(buf) {}
    write_all_op(write_all_op&&) noexcept = default;

    poll_result<void> poll(context& cx) {
        while (!rest_.empty()) {
            Fn attempt_fn{};
            attempt_fn.fd = src_->fd();
            attempt_fn.buf = rest_;
            auto r = src_->poll_io(cx, direction::write, waiter_, attempt_fn);
            if (r.is_pending()) return pending;
            rest_ = rest_.subspan(r.take());
        }
        return ready();
    }

private:
    io_source* src_;
    std::span<const std::byte> rest_;
    io_waiter waiter_;
};

}  // namespace rt::io::detail
