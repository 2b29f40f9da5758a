// rt/io/util/read_write.hpp — the basic one-call futures over async_read / async_write: read,
// read_exact, write, write_all, flush, shutdown.
//
// Tokio equivalent: `AsyncReadExt::{read, read_exact}`, `AsyncWriteExt::{write, write_all, flush,
// shutdown}`. Each function returns a future (a struct with poll) that borrows the stream and the
// buffer: both must outlive it. Invariant: a future keeps only its progress counter between polls;
// destroying it unregisters nothing because the stream holds at most the task's waker.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "rt/io/async_io.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/error.hpp"

namespace rt::io {

namespace detail {
/// Writes every byte of `buf` to `w` (consuming them as they are accepted); ready when empty.
/// Throws errc::write_zero, naming `what`, if the writer accepts nothing.
template <async_write W>
poll_result<void> poll_drain(W& w, context& cx, byte_buffer& buf, const char* what) {
    while (!buf.empty()) {
        auto r = w.poll_write(cx, buf.data());
        if (r.is_pending()) return pending;
        std::size_t n = r.take();
        if (n == 0) throw_io_error(errc::write_zero, what);
        buf.consume(n);
    }
    return ready();
}
}  // namespace detail

/// Future of read(): one poll_read. Cancel safe: if it is destroyed before completing, no bytes
/// were read. Tokio: `AsyncReadExt::read`.
template <async_read R>
class read_future {
public:
    read_future(R& r, std::span<std::byte> buf) noexcept : r_(&r), buf_(buf) {}
    poll_result<std::size_t> poll(context& cx) { return r_->poll_read(cx, buf_); }

private:
    R* r_;
    std::span<std::byte> buf_;
};

/// Reads at most buf.size() bytes; 0 means end of stream. Cancel safe. Tokio: `AsyncReadExt::read`.
template <async_read R>
[[nodiscard]] read_future<R> read(R& r, std::span<std::byte> buf) noexcept {
    return {r, buf};
}

/// Future of read_exact(). Not cancel safe: destroying it mid-way loses the bytes already read
/// into buf (they are there, but how many is unknown). Tokio: `AsyncReadExt::read_exact`.
template <async_read R>
class read_exact_future {
public:
    read_exact_future(R& r, std::span<std::byte> buf) noexcept : r_(&r), buf_(buf) {}
    poll_result<std::size_t> poll(context& cx) {
        while (filled_ < buf_.size()) {
            auto res = r_->poll_read(cx, buf_.subspan(filled_));
            if (res.is_pending()) return pending;
            std::size_t n = res.take();
            if (n == 0) detail::throw_io_error(errc::unexpected_eof, "rt::io::read_exact: early end of stream");
            filled_ += n;
        }
        return buf_.size();
    }

private:
    R* r_;
    std::span<std::byte> buf_;
    std::size_t filled_ = 0;
};

/// Fills buf completely; throws std::system_error (errc::unexpected_eof) if the stream ends first.
/// Not cancel safe. Tokio: `AsyncReadExt::read_exact`.
template <async_read R>
[[nodiscard]] read_exact_future<R> read_exact(R& r, std::span<std::byte> buf) noexcept {
    return {r, buf};
}

/// Future of write(): one poll_write. Cancel safe: destroyed before completing, nothing was
/// written. Tokio: `AsyncWriteExt::write`.
template <async_write W>
class write_future {
public:
    write_future(W& w, std::span<const std::byte> buf) noexcept : w_(&w), buf_(buf) {}
    poll_result<std::size_t> poll(context& cx) { return w_->poll_write(cx, buf_); }

private:
    W* w_;
    std::span<const std::byte> buf_;
};

/// Writes some of buf and returns how many bytes were accepted. Tokio: `AsyncWriteExt::write`.
template <async_write W>
[[nodiscard]] write_future<W> write(W& w, std::span<const std::byte> buf) noexcept {
    return {w, buf};
}

/// Future of write_all(). Not cancel safe: destroyed mid-way, an unknown prefix was written.
/// Tokio: `AsyncWriteExt::write_all`.
template <async_write W>
class write_all_future {
public:
    write_all_future(W& w, std::span<const std::byte> buf) noexcept : w_(&w), buf_(buf) {}
    poll_result<void> poll(context& cx) {
        while (!buf_.empty()) {
            auto res = w_->poll_write(cx, buf_);
            if (res.is_pending()) return pending;
            std::size_t n = res.take();
            if (n == 0) detail::throw_io_error(errc::write_zero, "rt::io::write_all: writer accepted 0 bytes");
            buf_ = buf_.subspan(n);
        }
        return ready();
    }

private:
    W* w_;
    std::span<const std::byte> buf_;
};

/// Writes all of buf (throws errc::write_zero if the writer accepts nothing). Not cancel safe.
/// Tokio: `AsyncWriteExt::write_all`.
template <async_write W>
[[nodiscard]] write_all_future<W> write_all(W& w, std::span<const std::byte> buf) noexcept {
    return {w, buf};
}
/// write_all for text: the characters' bytes. The string must outlive the future.
template <async_write W>
[[nodiscard]] write_all_future<W> write_all(W& w, std::string_view s) noexcept {
    return {w, std::as_bytes(std::span<const char>(s.data(), s.size()))};
}

/// Future of flush(). Cancel safe (flushing again resumes). Tokio: `AsyncWriteExt::flush`.
template <async_write W>
class flush_future {
public:
    explicit flush_future(W& w) noexcept : w_(&w) {}
    poll_result<void> poll(context& cx) { return w_->poll_flush(cx); }

private:
    W* w_;
};

/// Pushes buffered bytes to their destination. Tokio: `AsyncWriteExt::flush`.
template <async_write W>
[[nodiscard]] flush_future<W> flush(W& w) noexcept {
    return flush_future<W>(w);
}

/// Future of shutdown(). Cancel safe. Tokio: `AsyncWriteExt::shutdown`.
template <async_write W>
class shutdown_future {
public:
    explicit shutdown_future(W& w) noexcept : w_(&w) {}
    poll_result<void> poll(context& cx) { return w_->poll_shutdown(cx); }

private:
    W* w_;
};

/// Flushes and closes the write side; the peer then reads end of stream.
/// Tokio: `AsyncWriteExt::shutdown`.
template <async_write W>
[[nodiscard]] shutdown_future<W> shutdown(W& w) noexcept {
    return shutdown_future<W>(w);
}

}  // namespace rt::io
