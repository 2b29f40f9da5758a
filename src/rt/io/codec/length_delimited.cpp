// rt/io/codec/length_delimited.cpp — LengthDelimitedCodec's decode/encode (see length_delimited.hpp).
#include "rt/io/codec/length_delimited.hpp"

#include <algorithm>
#include <string>

#include "rt/core/error.hpp"
#include "rt/io/error.hpp"

namespace rt::io {

length_delimited_codec::builder& length_delimited_codec::builder::length_field_length(std::size_t bytes) {
    if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
        throw usage_error("rt::io::length_delimited_codec: length field must be 1, 2, 4 or 8 bytes, not " +
                          std::to_string(bytes));
    }
    c_.length_field_length_ = bytes;
    return *this;
}

std::optional<length_delimited_codec::item_type> length_delimited_codec::decode(byte_buffer& src) {
    if (!data_len_) {
        std::size_t need = std::max(head_len(), skip());
        if (src.size() < need) return std::nullopt;
        std::uint64_t field = 0;
        for (std::size_t i = 0; i < length_field_length_; ++i) {
            std::size_t at = length_field_offset_ + (big_endian_ ? i : length_field_length_ - 1 - i);
            field = (field << 8) | std::to_integer<std::uint64_t>(src[at]);
        }
        // Adjust in a wide signed type so neither a huge field nor a negative adjustment wraps.
        __int128 len = static_cast<__int128>(field) + length_adjustment_;
        if (len < 0) throw frame_error(errc::frame_too_large, "rt::io::length_delimited_codec: adjusted frame length is negative");
        if (len > static_cast<__int128>(max_frame_length_)) {
            throw frame_error(errc::frame_too_large,
                              "rt::io::length_delimited_codec: frame of " + std::to_string(static_cast<std::uint64_t>(len)) +
                                  " bytes exceeds max_frame_length " + std::to_string(max_frame_length_));
        }
        if (len == 0 && skip() == 0) {
            // A frame that consumes nothing would be decoded again and again from the same bytes.
            throw frame_error(errc::frame_too_large,
                              "rt::io::length_delimited_codec: an empty frame with num_skip(0) consumes no input "
                              "(the length adjustment cancels the length field)");
        }
        src.consume(skip());
        data_len_ = static_cast<std::size_t>(len);
        // Room for exactly this frame: reading it then grows the buffer once, to its size, rather
        // than doubling past it (issue #16 item 2).
        if (src.size() < *data_len_) src.reserve(*data_len_ - src.size());
    }
    if (src.size() < *data_len_) return std::nullopt;
    auto bytes = src.data().first(*data_len_);
    item_type frame(bytes.begin(), bytes.end());
    src.consume(*data_len_);
    data_len_.reset();
    return frame;
}

std::optional<length_delimited_codec::item_type> length_delimited_codec::decode_eof(byte_buffer& src) {
    if (auto frame = decode(src)) return frame;
    if (!src.empty() || data_len_) {
        throw frame_error(errc::incomplete_frame, "rt::io::length_delimited_codec: stream ended in the middle of a frame");
    }
    return std::nullopt;
}

void length_delimited_codec::encode(std::span<const std::byte> frame, byte_buffer& dst) const {
    if (frame.size() > max_frame_length_) {
        throw frame_error(errc::frame_too_large, "rt::io::length_delimited_codec: frame of " + std::to_string(frame.size()) +
                                                     " bytes exceeds max_frame_length " + std::to_string(max_frame_length_));
    }
    __int128 field = static_cast<__int128>(frame.size()) - length_adjustment_;
    __int128 limit = static_cast<__int128>(1) << (8 * length_field_length_);
    if (field < 0 || field >= limit) {
        throw frame_error(errc::frame_does_not_fit, "rt::io::length_delimited_codec: frame length " +
                                                        std::to_string(frame.size()) + " does not fit in a " +
                                                        std::to_string(length_field_length_) + "-byte length field");
    }
    auto value = static_cast<std::uint64_t>(field);
    dst.reserve(length_field_length_ + frame.size());  // one exact growth for head and frame
    auto out = dst.prepare(length_field_length_);
    for (std::size_t i = 0; i < length_field_length_; ++i) {
        std::size_t shift = 8 * (big_endian_ ? length_field_length_ - 1 - i : i);
        out[i] = static_cast<std::byte>((value >> shift) & 0xFF);
    }
    dst.commit(length_field_length_);
    dst.append(frame);
}

}  // namespace rt::io
