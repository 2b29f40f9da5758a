// rt/io/util/read_to_end.hpp — read_to_end and read_to_string: read until end of stream.
//
// Tokio equivalent: `AsyncReadExt::{read_to_end, read_to_string}`. Invariant: between polls the
// caller's vector holds exactly the bytes read so far (scratch space is trimmed before returning
// pending), so a cancelled read_to_end loses nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "rt/io/async_io.hpp"
#include "rt/io/detail/utf8.hpp"
#include "rt/io/error.hpp"

namespace rt::io {

namespace detail {
/// Reads into the tail of `out` until end of stream; returns ready(true) at end of stream.
template <async_read R>
poll_result<bool> poll_read_to_end(R& r, context& cx, std::vector<std::byte>& out, std::size_t& total) {
    for (;;) {
        std::size_t len = out.size();
        std::size_t chunk = std::clamp<std::size_t>(len, 1024, 64 * 1024);
        out.resize(len + chunk);
        std::size_t n = 0;
        try {
            auto res = r.poll_read(cx, std::span<std::byte>(out).subspan(len));
            if (res.is_pending()) {
                out.resize(len);
                return pending;
            }
            n = res.take();
        } catch (...) {
            out.resize(len);
            throw;
        }
        out.resize(len + n);
        if (n == 0) return true;
        total += n;
    }
}
}  // namespace detail

/// Future of read_to_end(). Cancel safe in Tokio's sense: bytes read before cancellation are in
/// the vector. Tokio: `AsyncReadExt::read_to_end`.
template <async_read R>
class read_to_end_future {
public:
    read_to_end_future(R& r, std::vector<std::byte>& out) noexcept : r_(&r), out_(&out) {}
    poll_result<std::size_t> poll(context& cx) {
        auto res = detail::poll_read_to_end(*r_, cx, *out_, total_);
        if (res.is_pending()) return pending;
        return total_;
    }

private:
    R* r_;
    std::vector<std::byte>* out_;
    std::size_t total_ = 0;
};

/// Appends everything up to end of stream to `out`; returns the number of bytes appended.
/// Tokio: `AsyncReadExt::read_to_end`.
template <async_read R>
[[nodiscard]] read_to_end_future<R> read_to_end(R& r, std::vector<std::byte>& out) noexcept {
    return {r, out};
}

/// Future of read_to_string(). Not cancel safe: the bytes read so far are held inside the future
/// and dropped with it. Tokio: `AsyncReadExt::read_to_string`.
template <async_read R>
class read_to_string_future {
public:
    read_to_string_future(R& r, std::string& out) noexcept : r_(&r), out_(&out) {}
    poll_result<std::size_t> poll(context& cx) {
        auto res = detail::poll_read_to_end(*r_, cx, bytes_, total_);
        if (res.is_pending()) return pending;
        std::string_view text(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
        if (!detail::is_valid_utf8(text)) {
            detail::throw_io_error(errc::invalid_utf8, "rt::io::read_to_string: stream did not contain valid UTF-8");
        }
        out_->append(text);
        return total_;
    }

private:
    R* r_;
    std::string* out_;
    std::vector<std::byte> bytes_;
    std::size_t total_ = 0;
};

/// Appends everything up to end of stream to `out` after checking it is UTF-8 (throws
/// errc::invalid_utf8 and leaves `out` unchanged otherwise). Tokio: `AsyncReadExt::read_to_string`.
template <async_read R>
[[nodiscard]] read_to_string_future<R> read_to_string(R& r, std::string& out) noexcept {
    return {r, out};
}

}  // namespace rt::io
