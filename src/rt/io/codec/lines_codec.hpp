// rt/io/codec/lines_codec.hpp — a codec for "\n"-terminated UTF-8 lines (a trailing "\r" is
// stripped), with an optional maximum line length.
//
// Tokio equivalent: tokio-util's `LinesCodec`. Invariant: next_index_ is how far the current
// (incomplete) line was already searched for "\n", so each byte is scanned once.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "rt/io/buf/byte_buffer.hpp"

namespace rt::io {

/// Decodes lines into std::string (without "\n" / "\r\n") and encodes a string as itself plus
/// "\n". Too-long lines throw frame_error(errc::line_too_long), invalid UTF-8 throws
/// frame_error(errc::invalid_utf8). Tokio: `LinesCodec`.
class lines_codec {
public:
    using item_type = std::string;

    /// No maximum line length. Tokio: `LinesCodec::new`.
    lines_codec() = default;
    /// Lines longer than max_length bytes (without the delimiter) are an error.
    /// Tokio: `LinesCodec::new_with_max_length`.
    explicit lines_codec(std::size_t max_length) noexcept : max_length_(max_length) {}

    /// The configured maximum. Tokio: `LinesCodec::max_length`.
    [[nodiscard]] std::size_t max_length() const noexcept { return max_length_; }

    /// One complete line, or empty when src holds no "\n" yet. Tokio: `Decoder::decode`.
    std::optional<std::string> decode(byte_buffer& src);
    /// At end of stream: the last line even without "\n", or empty when nothing is left or only
    /// a lone "\r" (kept in src). Tokio: `Decoder::decode_eof`.
    std::optional<std::string> decode_eof(byte_buffer& src);
    /// Appends `line` and "\n". Tokio: `Encoder::encode`.
    void encode(std::string_view line, byte_buffer& dst) const;

private:
    std::string take_line(byte_buffer& src, std::size_t len, std::size_t consumed);

    std::size_t max_length_ = std::numeric_limits<std::size_t>::max();
    std::size_t next_index_ = 0;
};

}  // namespace rt::io
