// rt/io.hpp — the io area (`import rt.io;` exports the same names): the async read/write
// concepts, the read/write utilities, buffered readers and writers, copy, in-memory duplex pipes
// and framing codecs. Tokio: `tokio::io` plus tokio-util's `codec`.
#pragma once

#include "rt/core.hpp"
#include "rt/io/async_io.hpp"
#include "rt/io/buf/buf_reader.hpp"
#include "rt/io/buf/buf_writer.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/codec/codec.hpp"
#include "rt/io/codec/framed.hpp"
#include "rt/io/codec/length_delimited.hpp"
#include "rt/io/codec/lines_codec.hpp"
#include "rt/io/duplex/duplex.hpp"
#include "rt/io/error.hpp"
#include "rt/io/util/copy.hpp"
#include "rt/io/util/read_to_end.hpp"
#include "rt/io/util/read_until.hpp"
#include "rt/io/util/read_write.hpp"

namespace rt::io {

/// The area's name (kept for the build's smoke test, like the other areas).
inline constexpr const char* area_name = "io";

}  // namespace rt::io
