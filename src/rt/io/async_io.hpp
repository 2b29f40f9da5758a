// rt/io/async_io.hpp — the poll-level read/write concepts that sockets, files, pipes, duplex
// streams and user types implement. Tokio: `AsyncRead`, `AsyncWrite`, `AsyncBufRead`.
//
// Like every rt leaf, each poll_* either completes now or registers cx's waker and returns pending.
// Errors throw std::system_error. End of stream is a successful read of 0 bytes.
#pragma once

#include <cstddef>
#include <concepts>
#include <span>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"

namespace rt::io {

/// A source of bytes: `poll_read(cx, buf)` reads at most buf.size() bytes; ready(0) is end of
/// stream (or an empty buf). Tokio: `AsyncRead`.
template <class R>
concept async_read = requires(R& r, context& cx, std::span<std::byte> buf) {
    { r.poll_read(cx, buf) } -> std::same_as<poll_result<std::size_t>>;
};

/// A sink of bytes: `poll_write` accepts at most buf.size() bytes (ready(n) with n > 0 unless buf
/// is empty); `poll_flush` pushes buffered bytes out; `poll_shutdown` closes the write side after
/// flushing. Tokio: `AsyncWrite`.
template <class W>
concept async_write = requires(W& w, context& cx, std::span<const std::byte> buf) {
    { w.poll_write(cx, buf) } -> std::same_as<poll_result<std::size_t>>;
    { w.poll_flush(cx) } -> std::same_as<poll_result<void>>;
    { w.poll_shutdown(cx) } -> std::same_as<poll_result<void>>;
};

/// A reader with an internal buffer: `poll_fill_buf` exposes buffered bytes (empty = end of
/// stream), `consume(n)` marks n of them used. Tokio: `AsyncBufRead`.
template <class R>
concept async_buf_read = async_read<R> && requires(R& r, context& cx, std::size_t n) {
    { r.poll_fill_buf(cx) } -> std::same_as<poll_result<std::span<const std::byte>>>;
    r.consume(n);
};

}  // namespace rt::io
