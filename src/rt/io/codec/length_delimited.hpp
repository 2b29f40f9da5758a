// rt/io/codec/length_delimited.hpp — frames prefixed by their length: a 1/2/4/8-byte length
// field, big or little endian, at an offset, with a length adjustment, a number of header bytes to
// skip, and a maximum frame length that protects against huge length prefixes.
//
// Tokio equivalent: tokio-util's `LengthDelimitedCodec` and its `Builder`. Invariant: data_len_ is
// set exactly while a header has been consumed and its frame's bytes have not all arrived, so a
// frame split across any number of reads is decoded once, whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rt/io/buf/byte_buffer.hpp"

namespace rt::io {

/// Decodes length-prefixed frames into byte vectors; encodes a byte span as length field + bytes.
/// Default: 4-byte big-endian length field at offset 0 counting the payload only, header stripped,
/// frames up to 8 MiB. Errors throw rt::io::frame_error. Tokio: `LengthDelimitedCodec`.
class length_delimited_codec {
public:
    using item_type = std::vector<std::byte>;
    class builder;

    /// The default configuration. Tokio: `LengthDelimitedCodec::new`.
    length_delimited_codec() = default;

    /// Largest frame (bytes after the skipped header) accepted by decode and encode.
    /// Tokio: `max_frame_length`.
    [[nodiscard]] std::size_t max_frame_length() const noexcept { return max_frame_length_; }
    /// Changes the maximum, also between frames. Tokio: `set_max_frame_length`.
    void set_max_frame_length(std::size_t n) noexcept { max_frame_length_ = n; }

    /// One complete frame, or empty while bytes are missing; a length above the maximum (or an
    /// adjustment making it negative) throws frame_error. Tokio: `Decoder::decode`.
    std::optional<item_type> decode(byte_buffer& src);
    /// At end of stream: like decode, but leftover bytes of a partial frame (or header) throw
    /// frame_error(errc::incomplete_frame). Tokio: `Decoder::decode_eof`.
    std::optional<item_type> decode_eof(byte_buffer& src);
    /// Appends the length field and the frame. Throws frame_error(errc::frame_too_large) above
    /// the maximum and errc::frame_does_not_fit when the length does not fit in the field.
    /// (The length field offset applies to decoding only.) Tokio: `Encoder::encode`.
    void encode(std::span<const std::byte> frame, byte_buffer& dst) const;

private:
    friend class builder;
    std::size_t length_field_offset_ = 0;
    std::size_t length_field_length_ = 4;
    std::int64_t length_adjustment_ = 0;
    std::optional<std::size_t> num_skip_;  // default: offset + field length (the whole header)
    bool big_endian_ = true;
    std::size_t max_frame_length_ = 8 * 1024 * 1024;
    std::optional<std::size_t> data_len_;  // set between a consumed header and its complete frame

    [[nodiscard]] std::size_t head_len() const noexcept { return length_field_offset_ + length_field_length_; }
    [[nodiscard]] std::size_t skip() const noexcept { return num_skip_.value_or(head_len()); }
};

/// Configures a length_delimited_codec. Tokio: `length_delimited::Builder`.
class length_delimited_codec::builder {
public:
    builder() = default;
    /// Width of the length field: 1, 2, 4 or 8 bytes (anything else throws rt::usage_error).
    /// Tokio: `length_field_length` / `length_field_type`.
    builder& length_field_length(std::size_t bytes);
    /// Bytes before the length field. Tokio: `length_field_offset`.
    builder& length_field_offset(std::size_t bytes) { c_.length_field_offset_ = bytes; return *this; }
    /// Added to the field's value to get the number of frame bytes after the skipped header (e.g.
    /// -2 when a 2-byte field counts itself). Tokio: `length_adjustment`.
    builder& length_adjustment(std::int64_t delta) { c_.length_adjustment_ = delta; return *this; }
    /// Header bytes to drop before the frame (default: offset + field length; 0 keeps the header
    /// in the frame). Tokio: `num_skip`.
    builder& num_skip(std::size_t bytes) { c_.num_skip_ = bytes; return *this; }
    /// Most significant byte first (the default). Tokio: `big_endian`.
    builder& big_endian() { c_.big_endian_ = true; return *this; }
    /// Least significant byte first. Tokio: `little_endian`.
    builder& little_endian() { c_.big_endian_ = false; return *this; }
    /// Largest frame accepted (default 8 MiB). Tokio: `max_frame_length`.
    builder& max_frame_length(std::size_t n) { c_.max_frame_length_ = n; return *this; }
    /// The configured codec. Tokio: `new_codec`.
    [[nodiscard]] length_delimited_codec new_codec() const { return c_; }

private:
    length_delimited_codec c_;
};

}  // namespace rt::io
