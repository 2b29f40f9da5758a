// rt/io/buf/buf_writer.hpp — buf_writer<W>: collects small writes and hands them to the inner
// writer in large chunks on flush (or when the buffer fills).
//
// Tokio equivalent: `tokio::io::BufWriter`. Invariant: bytes accepted by poll_write are either in
// buf_ or already written to the inner writer, in order; flush and shutdown drain buf_ first.
// Remember to flush: destroying a buf_writer drops what it still buffers (as Tokio does).
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include "rt/io/async_io.hpp"
#include "rt/io/buf/buf_reader.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/util/read_write.hpp"

namespace rt::io {

/// An async_write with an internal buffer; owns the inner writer. Tokio: `BufWriter`.
template <async_write W>
class buf_writer {
public:
    /// Wraps `inner` with a buffer of `capacity` bytes. Tokio: `BufWriter::with_capacity`.
    explicit buf_writer(W inner, std::size_t capacity = default_buf_size)
        : inner_(std::move(inner)), capacity_(capacity ? capacity : 1), buf_(capacity_) {}

    /// The inner writer. Tokio: `get_ref`/`get_mut`.
    W& get_ref() noexcept { return inner_; }
    const W& get_ref() const noexcept { return inner_; }
    /// Moves the inner writer out; unflushed bytes are lost. Tokio: `into_inner`.
    W into_inner() && { return std::move(inner_); }
    /// The bytes buffered and not yet written. Tokio: `BufWriter::buffer`.
    [[nodiscard]] std::span<const std::byte> buffer() const noexcept { return buf_.data(); }

    /// Buffers `b` (first draining a full buffer; writes of at least the capacity go straight
    /// through). Tokio: `poll_write`.
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> b) {
        if (buf_.size() + b.size() > capacity_) {
            if (poll_drain(cx).is_pending()) return pending;
        }
        if (b.size() >= capacity_) return inner_.poll_write(cx, b);
        buf_.append(b);
        return b.size();
    }
    /// Drains the buffer, then flushes the inner writer. Tokio: `poll_flush`.
    poll_result<void> poll_flush(context& cx) {
        if (poll_drain(cx).is_pending()) return pending;
        return inner_.poll_flush(cx);
    }
    /// Drains the buffer, then shuts the inner writer down. Tokio: `poll_shutdown`.
    poll_result<void> poll_shutdown(context& cx) {
        if (poll_drain(cx).is_pending()) return pending;
        return inner_.poll_shutdown(cx);
    }

    /// Reads pass through to the inner stream.
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> out)
        requires async_read<W>
    {
        return inner_.poll_read(cx, out);
    }

private:
    poll_result<void> poll_drain(context& cx) {
        return detail::poll_drain(inner_, cx, buf_, "rt::io::buf_writer: writer accepted 0 bytes");
    }

    W inner_;
    std::size_t capacity_;
    byte_buffer buf_;
};

}  // namespace rt::io
