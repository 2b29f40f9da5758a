// rt/io/error.hpp — the error codes rt::io throws for its own failures (not OS errors).
//
// Tokio equivalent: `std::io::ErrorKind::{UnexpectedEof, InvalidData, WriteZero}` plus
// tokio-util's codec errors. Every failure is a std::system_error whose code() is in
// rt::io::io_category() (OS failures such as EPIPE use std::generic_category instead); codec
// failures are the subclass rt::io::frame_error. Invariant: each errc has one fixed message.
#pragma once

#include <string>
#include <system_error>

namespace rt::io {

/// rt::io's own failure codes. Tokio: the `io::ErrorKind` values the io utilities produce.
enum class errc {
    unexpected_eof = 1,  ///< the stream ended before the requested bytes arrived (Tokio: UnexpectedEof)
    write_zero,          ///< a writer accepted 0 bytes of a non-empty buffer (Tokio: WriteZero)
    invalid_utf8,        ///< text expected, bytes are not valid UTF-8 (Tokio: InvalidData)
    frame_too_large,     ///< a frame's length is above the codec's maximum (tokio-util: InvalidData)
    line_too_long,       ///< a line is longer than the lines codec's maximum (tokio-util: MaxLineLengthExceeded)
    incomplete_frame,    ///< the stream ended in the middle of a frame (tokio-util: "bytes remaining on stream")
    frame_does_not_fit,  ///< an outgoing frame's length does not fit in the length field (tokio-util: InvalidInput)
};

/// The category of rt::io::errc codes (name "rt.io").
const std::error_category& io_category() noexcept;

/// Makes a std::error_code from an rt::io::errc: `e.code() == make_error_code(errc::unexpected_eof)`.
std::error_code make_error_code(errc e) noexcept;

/// Thrown by codecs and `framed` for malformed input or output (oversized frame, bad UTF-8, a
/// frame cut by end of stream). A std::system_error, so one catch handles all io failures.
/// Tokio: tokio-util's `LinesCodecError` / `io::Error` from `LengthDelimitedCodec`.
class frame_error : public std::system_error {
public:
    frame_error(errc e, const std::string& what) : std::system_error(make_error_code(e), what) {}
};

namespace detail {
/// Throws std::system_error with `e` and a message naming the operation.
[[noreturn]] void throw_io_error(errc e, const char* what);
/// Throws std::system_error for an OS errno value (e.g. EPIPE).
[[noreturn]] void throw_os_error(int err, const char* what);
}  // namespace detail

}  // namespace rt::io
