// rt/io/codec/codec.hpp — what a codec is: a decoder turns buffered bytes into frames, an
// encoder turns frames into bytes. `framed` drives both over a byte stream.
//
// Tokio equivalent: tokio-util's `codec::{Decoder, Encoder}`. Contract: decode(src) either
// consumes one frame's bytes from src and returns it, or consumes nothing needed later and returns
// an empty optional ("need more bytes"); malformed input throws rt::io::frame_error.
#pragma once

#include <concepts>
#include <optional>

#include "rt/io/buf/byte_buffer.hpp"

namespace rt::io {

/// A type that cuts frames out of a byte buffer: `std::optional<item_type> decode(byte_buffer&)`,
/// optionally `decode_eof` for what remains at end of stream. Tokio: `Decoder`.
template <class C>
concept decoder = requires(C& c, byte_buffer& src) {
    typename C::item_type;
    { c.decode(src) } -> std::same_as<std::optional<typename C::item_type>>;
};

/// A type that appends the bytes of an `Item` to a buffer: `encode(item, dst)`. Tokio: `Encoder<Item>`.
template <class C, class Item>
concept encoder = requires(C& c, const Item& item, byte_buffer& dst) { c.encode(item, dst); };

}  // namespace rt::io
