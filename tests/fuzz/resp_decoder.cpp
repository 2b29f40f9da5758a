// tests/fuzz/resp_decoder.cpp — libFuzzer target for mini-redis's RESP decoder (issue #16 item 10).
// Input: byte 0 picks the codec (server: requests and inline commands; client: every RESP2 type)
// and byte 1 the read size; the rest is the wire. Checks, besides ASan/UBSan: decoding the input
// in pieces gives exactly the frames (and the error, or not) of decoding it whole — the
// incremental parser keeps no state that depends on how reads are split; a client-mode frame
// re-encodes to bytes that decode to the same frame; a server-mode frame is a non-empty array of
// bulk strings.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rt/io.hpp>

#include "mini_redis/resp.hpp"

namespace {

using mini_redis::resp::codec;
using mini_redis::resp::frame;

struct outcome {
    std::vector<frame> frames;
    std::optional<std::string> error;
};

outcome run(bool server, std::string_view wire, std::size_t piece) {
    outcome out;
    codec c = server ? codec::for_server() : codec();
    rt::io::byte_buffer b;
    try {
        for (std::size_t at = 0; at < wire.size(); at += piece) {
            b.append(wire.substr(at, piece));
            while (auto f = c.decode(b)) out.frames.push_back(std::move(*f));
        }
    } catch (const mini_redis::resp::protocol_error& e) {
        out.error = e.what();
    }
    return out;
}

void check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool server = (data[0] & 1) != 0;
    const std::size_t piece = 1 + data[1] % 64;
    const std::string_view wire(reinterpret_cast<const char*>(data + 2), size - 2);
    const outcome whole = run(server, wire, wire.size() + 1);
    const outcome split = run(server, wire, piece);
    check(whole.frames == split.frames);
    check(whole.error == split.error);
    for (const frame& f : whole.frames) {
        if (server) {
            check(f.type == frame::kind::array && !f.items.empty());
            for (const frame& item : f.items) check(item.type == frame::kind::bulk);
        } else {
            const outcome again = run(false, mini_redis::resp::to_wire(f), 1 << 20);
            check(again.frames.size() == 1 && again.frames[0] == f && !again.error);
        }
    }
    return 0;
}
