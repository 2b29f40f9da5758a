// rt/io/buf/buf_reader.hpp — buf_reader<R>: adds a read buffer to any async_read, making it an
// async_buf_read (read_until, lines, fewer small reads).
//
// Tokio equivalent: `tokio::io::BufReader`. Invariant: buf_[pos_, filled_) are bytes read from the
// inner reader and not yet handed out; the inner reader is only read when that range is empty, so
// byte order is preserved. Writes pass straight through when R is also a writer. The buffer has a
// fixed size, allocated once and not zero-filled (issue #16): only bytes read into it are looked at.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <span>
#include <utility>

#include "rt/io/async_io.hpp"
#include "rt/io/buf/byte_buffer.hpp"

namespace rt::io {

/// Default buffer size of buf_reader and buf_writer (8 KiB, as Tokio's DEFAULT_BUF_SIZE).
inline constexpr std::size_t default_buf_size = 8 * 1024;

/// An async_read with an internal buffer; owns the inner reader. Tokio: `BufReader`.
template <async_read R>
class buf_reader {
public:
    /// Wraps `inner` with a buffer of `capacity` bytes. Tokio: `BufReader::with_capacity`.
    explicit buf_reader(R inner, std::size_t capacity = default_buf_size)
        : inner_(std::move(inner)), buf_(std::max<std::size_t>(capacity, 1)) {}

    /// The inner reader. Reading from it directly skips the buffered bytes. Tokio: `get_ref`/`get_mut`.
    R& get_ref() noexcept { return inner_; }
    const R& get_ref() const noexcept { return inner_; }
    /// Moves the inner reader out; buffered bytes are lost. Tokio: `into_inner`.
    R into_inner() && { return std::move(inner_); }
    /// The bytes buffered but not yet consumed. Tokio: `BufReader::buffer`.
    [[nodiscard]] std::span<const std::byte> buffer() const noexcept {
        return buf_.span().subspan(pos_, filled_ - pos_);
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return buf_.size(); }

    /// Reads from the buffer, refilling it when empty (large reads bypass it). Tokio: `poll_read`.
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> out) {
        if (pos_ == filled_ && out.size() >= buf_.size()) return inner_.poll_read(cx, out);
        auto avail = poll_fill_buf(cx);
        if (avail.is_pending()) return pending;
        auto bytes = avail.take();
        std::size_t n = std::min(bytes.size(), out.size());
        if (n) std::memcpy(out.data(), bytes.data(), n);
        consume(n);
        return n;
    }

    /// The buffered bytes, reading more from the inner reader when none are left; empty means end
    /// of stream. Tokio: `AsyncBufRead::poll_fill_buf`.
    poll_result<std::span<const std::byte>> poll_fill_buf(context& cx) {
        if (pos_ >= filled_) {
            auto r = inner_.poll_read(cx, buf_.span());
            if (r.is_pending()) return pending;
            filled_ = r.take();
            pos_ = 0;
        }
        return buffer();
    }
    /// Marks n buffered bytes as used. Tokio: `AsyncBufRead::consume`.
    void consume(std::size_t n) noexcept { pos_ = std::min(pos_ + n, filled_); }

    /// Writes pass through to the inner stream.
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> b)
        requires async_write<R>
    {
        return inner_.poll_write(cx, b);
    }
    poll_result<void> poll_flush(context& cx)
        requires async_write<R>
    {
        return inner_.poll_flush(cx);
    }
    poll_result<void> poll_shutdown(context& cx)
        requires async_write<R>
    {
        return inner_.poll_shutdown(cx);
    }

private:
    R inner_;
    detail::raw_bytes buf_;
    std::size_t pos_ = 0;
    std::size_t filled_ = 0;
};

}  // namespace rt::io
