// tests/fuzz/lines_codec.cpp — libFuzzer target for rt::io::lines_codec (issue #16 item 10).
// Input: byte 0 picks the maximum line length (0 = none), byte 1 the read size; the rest is the
// stream. Checks, besides ASan/UBSan: a decoded line never holds "\n" nor passes the maximum; a
// line (not ending in CR) re-encoded and decoded again is the same line; decode_eof ends the stream.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rt/io.hpp>

namespace {
void check(bool ok) {
    if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t max = data[0] == 0 ? std::string::npos : data[0];
    const std::size_t piece = 1 + data[1] % 64;
    const std::string_view wire(reinterpret_cast<const char*>(data + 2), size - 2);
    rt::io::lines_codec c = max == std::string::npos ? rt::io::lines_codec() : rt::io::lines_codec(max);
    rt::io::byte_buffer b;
    auto check_line = [&](const std::string& line) {
        check(line.find('\n') == std::string::npos);
        check(max == std::string::npos || line.size() <= max);
        // "x\r\r\n" decodes to "x\r", which encodes to "x\r\n" and decodes to "x": the codec
        // strips one CR before LF, so only lines not ending in CR round-trip.
        if (!line.empty() && line.back() == '\r') return;
        rt::io::lines_codec again;
        rt::io::byte_buffer e;
        again.encode(line, e);
        auto back = again.decode(e);
        check(back.has_value() && *back == line && e.empty());
    };
    try {
        for (std::size_t at = 0; at < wire.size(); at += piece) {
            b.append(wire.substr(at, piece));
            while (auto line = c.decode(b)) check_line(*line);
        }
        while (auto line = c.decode_eof(b)) check_line(*line);
    } catch (const rt::io::frame_error&) {
        // too long or not UTF-8: the codec's documented refusals
    }
    return 0;
}
