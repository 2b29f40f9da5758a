// rt/io/util/read_until.hpp — delimiter-based reading over an async_buf_read: read_until,
// read_line, and lines() (a stream of lines).
//
// Tokio equivalent: `AsyncBufReadExt::{read_until, read_line, lines}` and `tokio::io::Lines`.
// Invariant: bytes are consumed from the reader only after they were appended to the output (or
// to the lines stream's own buffer), so cancellation never loses consumed bytes, except in
// read_line, whose partial line lives in the future.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "rt/io/async_io.hpp"
#include "rt/io/detail/utf8.hpp"
#include "rt/io/error.hpp"

namespace rt::io {

namespace detail {
/// Appends bytes up to and including `delim` (or to end of stream) to out; ready when done.
template <async_buf_read R>
poll_result<void> poll_read_until(R& r, context& cx, std::byte delim, std::vector<std::byte>& out, std::size_t& read) {
    for (;;) {
        auto avail = r.poll_fill_buf(cx);
        if (avail.is_pending()) return pending;
        auto bytes = avail.take();
        if (bytes.empty()) return ready();
        auto it = std::find(bytes.begin(), bytes.end(), delim);
        bool found = it != bytes.end();
        std::size_t n = found ? static_cast<std::size_t>(it - bytes.begin()) + 1 : bytes.size();
        out.insert(out.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        r.consume(n);
        read += n;
        if (found) return ready();
    }
}

/// Turns the raw bytes of one line (delimiter included, if any) into text without "\n" / "\r\n";
/// throws errc::invalid_utf8 when they are not UTF-8.
inline std::string finish_line(const std::vector<std::byte>& raw, bool strip) {
    std::string_view s(reinterpret_cast<const char*>(raw.data()), raw.size());
    if (strip && !s.empty() && s.back() == '\n') {
        s.remove_suffix(1);
        if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    }
    if (!is_valid_utf8(s)) throw_io_error(errc::invalid_utf8, "rt::io: line is not valid UTF-8");
    return std::string(s);
}
}  // namespace detail

/// Future of read_until(). Cancel safe: bytes read before cancellation are already in `out`, and
/// calling again continues. Tokio: `AsyncBufReadExt::read_until`.
template <async_buf_read R>
class read_until_future {
public:
    read_until_future(R& r, std::byte delim, std::vector<std::byte>& out) noexcept : r_(&r), delim_(delim), out_(&out) {}
    poll_result<std::size_t> poll(context& cx) {
        if (detail::poll_read_until(*r_, cx, delim_, *out_, read_).is_pending()) return pending;
        return read_;
    }

private:
    R* r_;
    std::byte delim_;
    std::vector<std::byte>* out_;
    std::size_t read_ = 0;
};

/// Appends bytes to `out` up to and including `delim`, or to end of stream; returns how many
/// (0 at end of stream). Tokio: `AsyncBufReadExt::read_until`.
template <async_buf_read R>
[[nodiscard]] read_until_future<R> read_until(R& r, std::byte delim, std::vector<std::byte>& out) noexcept {
    return {r, delim, out};
}

/// Future of read_line(). Not cancel safe: a partly read line is held in the future and lost with
/// it (use lines() in a select). Tokio: `AsyncBufReadExt::read_line`.
template <async_buf_read R>
class read_line_future {
public:
    read_line_future(R& r, std::string& out) noexcept : r_(&r), out_(&out) {}
    poll_result<std::size_t> poll(context& cx) {
        try {
            if (detail::poll_read_until(*r_, cx, std::byte{'\n'}, raw_, read_).is_pending()) return pending;
        } catch (...) {
            // An I/O error mid-line: keep what was read if it is text (Tokio appends the valid
            // bytes and returns the error), else leave `out` as it was; then rethrow the I/O error.
            std::string_view got(reinterpret_cast<const char*>(raw_.data()), raw_.size());
            if (detail::is_valid_utf8(got)) out_->append(got);
            raw_.clear();
            throw;
        }
        out_->append(detail::finish_line(raw_, false));
        return read_;
    }

private:
    R* r_;
    std::string* out_;
    std::vector<std::byte> raw_;
    std::size_t read_ = 0;
};

/// Appends one line, "\n" included, to `out`; returns the bytes read (0 at end of stream). Throws
/// errc::invalid_utf8 (leaving `out` unchanged) if the line is not UTF-8. On an I/O error the
/// bytes read before it are appended if they are UTF-8 (else `out` is unchanged) and the error is
/// thrown. Tokio: `read_line`.
template <async_buf_read R>
[[nodiscard]] read_line_future<R> read_line(R& r, std::string& out) noexcept {
    return {r, out};
}

/// The lines of an async_buf_read, without their "\n" or "\r\n". R is the reader type, or an
/// lvalue reference to borrow one. Tokio: `tokio::io::Lines`.
template <class R>
    requires async_buf_read<std::remove_reference_t<R>>
class lines_stream {
public:
    explicit lines_stream(R r) : r_(std::forward<R>(r)) {}

    /// Next line, or an empty optional at end of stream; throws errc::invalid_utf8 on bad text.
    /// A last line without "\n" is still returned. Tokio: `Lines::poll_next_line`.
    poll_result<std::optional<std::string>> poll_next_line(context& cx) {
        std::size_t n = 0;
        if (detail::poll_read_until(r_, cx, std::byte{'\n'}, raw_, n).is_pending()) return pending;
        if (raw_.empty()) return std::optional<std::string>();
        std::vector<std::byte> raw = std::exchange(raw_, {});
        return std::optional<std::string>(detail::finish_line(raw, true));
    }

    /// Future of next_line(). Cancel safe: a partial line stays in the lines_stream.
    class next_line_future {
    public:
        explicit next_line_future(lines_stream& l) noexcept : l_(&l) {}
        poll_result<std::optional<std::string>> poll(context& cx) { return l_->poll_next_line(cx); }

    private:
        lines_stream* l_;
    };
    /// `while (auto line = co_await lines.next_line())`. Tokio: `Lines::next_line`.
    [[nodiscard]] next_line_future next_line() noexcept { return next_line_future(*this); }

    /// The underlying reader. Tokio: `Lines::get_mut`.
    std::remove_reference_t<R>& get_ref() noexcept { return r_; }

private:
    R r_;
    std::vector<std::byte> raw_;  // the current line's bytes read so far
};

/// A stream of the lines of `r` (moved in from an rvalue, borrowed from an lvalue).
/// Tokio: `AsyncBufReadExt::lines`.
template <class R>
    requires async_buf_read<std::remove_reference_t<R>>
[[nodiscard]] lines_stream<R> lines(R&& r) {
    return lines_stream<R>(std::forward<R>(r));
}

}  // namespace rt::io
