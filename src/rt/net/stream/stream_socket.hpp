// rt/net/stream/stream_socket.hpp — what tcp_stream and unix_stream share: a connected stream
// socket's read/write/peek futures, readiness, half-close, and the rt::io poll interface.
//
// Tokio equivalent: the common part of `TcpStream` and `UnixStream` (+ AsyncRead/AsyncWrite).
// Invariant: reads wait on the read slot and writes on the write slot of one registration, so one
// task may read while another writes (that is what split/into_split rely on).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "rt/io/reactor/fd_ops.hpp"
#include "rt/io/reactor/io_source.hpp"

namespace rt::net {

/// Future of `read`/`peek`: the number of bytes read, 0 at end of stream.
using read_future = io::detail::io_op<io::detail::stream_recv_fn>;
/// Future of `write`: the number of bytes accepted.
using write_future = io::detail::io_op<io::detail::stream_send_fn>;
/// Future of `write_all`: completes when every byte was written.
using write_all_future = io::detail::write_all_op<io::detail::stream_send_fn>;
/// Future of `readable()`/`writable()`: completes when the socket is ready (or closed).
using ready_future = io::detail::readiness_op;

/// Future of `shutdown()`: closes the write side (peer reads EOF). Tokio: `AsyncWriteExt::shutdown`.
class shutdown_future {
public:
    explicit shutdown_future(int fd) noexcept : fd_(fd) {}
    poll_result<void> poll(context&);

private:
    int fd_;
};

/// Byte-stream socket operations shared by tcp_stream and unix_stream.
class stream_socket {
public:
    /// Reads at most buf.size() bytes; 0 means the peer closed its write side. Tokio: `read`.
    read_future read(std::span<std::byte> buf) { return {src_, io::detail::direction::read, {{src_.fd(), buf, 0}}}; }
    /// Like read but leaves the bytes in the socket. Tokio: `TcpStream::peek`.
    read_future peek(std::span<std::byte> buf) {
        return {src_, io::detail::direction::read, {{src_.fd(), buf, MSG_PEEK}}};
    }
    /// Writes at most buf.size() bytes, returns how many. Tokio: `write`.
    write_future write(std::span<const std::byte> buf) {
        return {src_, io::detail::direction::write, {{src_.fd(), buf}}};
    }
    /// Writes all of buf. The buffer must outlive the future. Tokio: `write_all`.
    write_all_future write_all(std::span<const std::byte> buf) { return {src_, buf}; }
    /// write_all for text (the string must outlive the future).
    write_all_future write_all(std::string_view text) { return {src_, std::as_bytes(std::span(text.data(), text.size()))}; }
    /// Closes the write side; the peer reads EOF; reading still works. Tokio: `shutdown`.
    shutdown_future shutdown() noexcept { return shutdown_future(src_.fd()); }

    /// Completes when the socket may be read (or is closed). Tokio: `readable`.
    ready_future readable() { return {src_, io::detail::direction::read}; }
    /// Completes when the socket may be written. Tokio: `writable`.
    ready_future writable() { return {src_, io::detail::direction::write}; }
    /// One non-blocking read: nullopt if it would block (and then the next readable() waits for new
    /// data). Tokio: `try_read`.
    std::optional<std::size_t> try_read(std::span<std::byte> buf) {
        return src_.try_io(io::detail::direction::read, io::detail::recv_fn{src_.fd(), buf, 0});
    }
    /// One non-blocking write: nullopt if it would block (and then the next writable() waits for
    /// room). Tokio: `try_write`.
    std::optional<std::size_t> try_write(std::span<const std::byte> buf) {
        return src_.try_io(io::detail::direction::write, io::detail::send_fn{src_.fd(), buf});
    }

    // rt::io::async_read / async_write (so rt::io utilities and codecs compose with sockets).
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> buf) {
        return src_.poll_io(cx, io::detail::direction::read, read_waiter_, io::detail::stream_recv_fn{{src_.fd(), buf, 0}});
    }
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> buf) {
        return src_.poll_io(cx, io::detail::direction::write, write_waiter_, io::detail::stream_send_fn{{src_.fd(), buf}});
    }
    poll_result<void> poll_flush(context&) { return ready(); }
    poll_result<void> poll_shutdown(context& cx) { return shutdown_future(src_.fd()).poll(cx); }

    /// The OS file descriptor (still owned by this object).
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

protected:
    stream_socket() noexcept = default;
    explicit stream_socket(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    stream_socket(stream_socket&&) noexcept = default;
    stream_socket& operator=(stream_socket&&) noexcept = default;
    ~stream_socket() = default;

    io::detail::io_source src_;
    // Registrations of the poll_read / poll_write paths (Tokio's reader/writer wakers). Declared
    // after src_, so they unregister before it deregisters.
    io::detail::io_waiter read_waiter_;
    io::detail::io_waiter write_waiter_;
};

}  // namespace rt::net
