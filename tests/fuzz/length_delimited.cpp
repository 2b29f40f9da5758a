// tests/fuzz/length_delimited.cpp — libFuzzer target for rt::io::length_delimited_codec (issue
// #16 item 10). Input: byte 0 picks the field width (1, 2, 4, 8), the byte order and whether the
// header is kept; byte 1 the read size and byte 2 a length adjustment; the rest is the stream.
// Checks, besides ASan/UBSan: decoding in pieces gives exactly the frames (and the error, or
// not) of decoding it whole; a frame is never longer than the maximum; with the default layout a
// re-encoded frame decodes to itself.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <rt/io.hpp>

namespace {

void check(bool ok) {
    if (!ok) __builtin_trap();
}

struct outcome {
    std::vector<std::vector<std::byte>> frames;
    bool failed = false;
};

outcome run(const rt::io::length_delimited_codec& proto, std::string_view wire, std::size_t piece) {
    outcome out;
    auto c = proto;
    rt::io::byte_buffer b;
    try {
        for (std::size_t at = 0; at < wire.size(); at += piece) {
            b.append(wire.substr(at, piece));
            while (auto f = c.decode(b)) out.frames.push_back(std::move(*f));
        }
        while (auto f = c.decode_eof(b)) out.frames.push_back(std::move(*f));
    } catch (const rt::io::frame_error&) {
        out.failed = true;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    static constexpr std::size_t widths[] = {1, 2, 4, 8};
    const std::size_t width = widths[data[0] & 3];
    const bool little = (data[0] & 4) != 0;
    const bool keep_header = (data[0] & 8) != 0;
    const std::size_t piece = 1 + data[1] % 64;
    const auto adjust = static_cast<std::int64_t>(static_cast<std::int8_t>(data[2]));
    const std::size_t max = 64 * 1024;
    rt::io::length_delimited_codec::builder b;
    // Keeping the header (num_skip 0) with an adjusted length below the header's size gives
    // frames that consume no input — endless empty frames, in rt as in Tokio (a configuration
    // error, not a decoding one): there the adjustment always counts the header.
    const std::int64_t adjustment = keep_header ? static_cast<std::int64_t>(width) + (adjust & 0x7f) : adjust;
    b.length_field_length(width).length_adjustment(adjustment).max_frame_length(max);
    if (little) b.little_endian();
    if (keep_header) b.num_skip(0);
    const auto proto = b.new_codec();
    const std::string_view wire(reinterpret_cast<const char*>(data + 3), size - 3);
    const outcome whole = run(proto, wire, wire.size() + 1);
    const outcome split = run(proto, wire, piece);
    check(whole.frames == split.frames && whole.failed == split.failed);
    for (const auto& f : whole.frames) check(f.size() <= max);
    if (width == 4 && !little && !keep_header && adjust == 0) {
        for (const auto& f : whole.frames) {
            rt::io::length_delimited_codec c;
            rt::io::byte_buffer e;
            c.encode(f, e);
            auto back = c.decode(e);
            check(back.has_value() && *back == f && e.empty());
        }
    }
    return 0;
}
