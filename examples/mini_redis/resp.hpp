// examples/mini_redis/resp.hpp — RESP2, the Redis wire format: the frame type and a codec that
// rt::io::framed drives (decode frames out of the read buffer, encode frames into the write buffer).
//
// Tokio's mini-redis equivalent: `frame.rs` + the parsing half of `connection.rs`. Invariant of
// decode(): it either consumes exactly one complete frame and returns it, or consumes nothing and
// returns an empty optional (more bytes needed), or throws resp::protocol_error for input that can
// never become a valid frame — including a bulk string longer than max_bulk_length or an array
// deeper than max_depth, which are refused as soon as their header arrives (nothing is buffered for
// them). The includer must already have rt (`import rt;` or <rt/io.hpp>) and the standard headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mini_redis::resp {

/// Limits, as in Redis: a bulk string is at most 512 MiB, an array at most 1Mi elements. Nesting
/// is bounded so a hostile "*1\r\n*1\r\n..." cannot exhaust the stack.
inline constexpr std::int64_t max_bulk_length = 512LL * 1024 * 1024;
inline constexpr std::int64_t max_array_length = 1024LL * 1024;
inline constexpr int max_depth = 32;

/// Input that is not RESP2 (the connection cannot be resynchronised and must be closed). The
/// message is what Redis says after "-ERR Protocol error: ".
class protocol_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One RESP2 value: +simple, -error, :integer, $bulk (or the null bulk $-1), *array.
struct frame {
    enum class kind { simple, error, integer, bulk, null, array };
    kind type = kind::null;
    std::string text;           // simple, error and bulk payload
    std::int64_t integer = 0;   // integer
    std::vector<frame> items;   // array

    static frame simple(std::string s) { return {kind::simple, std::move(s), 0, {}}; }
    static frame error(std::string s) { return {kind::error, std::move(s), 0, {}}; }
    static frame integer_of(std::int64_t v) { return {kind::integer, {}, v, {}}; }
    static frame bulk(std::string s) { return {kind::bulk, std::move(s), 0, {}}; }
    static frame null() { return {}; }
    static frame array(std::vector<frame> items) { return {kind::array, {}, 0, std::move(items)}; }
    /// An array of bulk strings: how clients send commands (`frame::command({"SET", "k", "v"})`).
    static frame command(std::initializer_list<std::string_view> args) {
        std::vector<frame> items;
        items.reserve(args.size());
        for (auto a : args) items.push_back(bulk(std::string(a)));
        return array(std::move(items));
    }
    friend bool operator==(const frame&, const frame&) = default;
};

namespace detail {

/// The line starting at `at` (without "\r\n"), or nullopt when its end has not arrived. A line is
/// bounded (64 KiB): a header that long is not RESP.
inline std::optional<std::string_view> line_at(std::string_view in, std::size_t at) {
    const std::size_t nl = in.find("\r\n", at);
    if (nl == std::string_view::npos) {
        if (in.size() - at > 64 * 1024) throw protocol_error("too big header line");
        return std::nullopt;
    }
    return in.substr(at, nl - at);
}

/// A signed decimal as RESP writes lengths and integers (no spaces, no '+', no overflow).
inline std::int64_t parse_int(std::string_view s, const char* what) {
    bool neg = !s.empty() && s[0] == '-';
    if (neg) s.remove_prefix(1);
    if (s.empty() || s.size() > 18) throw protocol_error(what);
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') throw protocol_error(what);
        v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
}

/// Parses the frame starting at `pos` into `out` and moves `pos` past it; false (pos and the
/// meaning of `out` unspecified) when the frame is not complete yet. Writing into `out` instead of
/// returning frames keeps a command's strings from being moved once per nesting level.
inline bool parse(std::string_view in, std::size_t& pos, int depth, frame& out) {
    if (pos >= in.size()) return false;
    const char type = in[pos];
    auto line = line_at(in, pos + 1);
    if (!line) return false;
    pos += 1 + line->size() + 2;
    switch (type) {
        case '+':
        case '-':
            out.type = type == '+' ? frame::kind::simple : frame::kind::error;
            out.text.assign(*line);
            return true;
        case ':':
            out.type = frame::kind::integer;
            out.integer = parse_int(*line, "invalid integer");
            return true;
        case '$': {
            const std::int64_t len = parse_int(*line, "invalid bulk length");
            if (len == -1) {
                out.type = frame::kind::null;
                return true;
            }
            if (len < 0 || len > max_bulk_length) throw protocol_error("invalid bulk length");
            const auto n = static_cast<std::size_t>(len);
            if (in.size() - pos < n + 2) return false;
            if (in.compare(pos + n, 2, "\r\n") != 0) throw protocol_error("bulk string not followed by CRLF");
            out.type = frame::kind::bulk;
            out.text.assign(in.substr(pos, n));
            pos += n + 2;
            return true;
        }
        case '*': {
            const std::int64_t len = parse_int(*line, "invalid multibulk length");
            if (len == -1) {
                out.type = frame::kind::null;
                return true;
            }
            if (len < 0 || len > max_array_length) throw protocol_error("invalid multibulk length");
            if (depth >= max_depth) throw protocol_error("too deeply nested arrays");
            out.type = frame::kind::array;
            // Reserve by the announced length only up to a bound: the elements may never come.
            out.items.reserve(static_cast<std::size_t>(std::min<std::int64_t>(len, 64)));
            for (std::int64_t i = 0; i < len; ++i) {
                if (!parse(in, pos, depth + 1, out.items.emplace_back())) return false;
            }
            return true;
        }
        default:
            throw protocol_error(std::string("expected a RESP type byte, got '") +
                                 (type >= 32 && type < 127 ? std::string(1, type) : "\\x??") + "'");
    }
}

inline void append_line(rt::io::byte_buffer& dst, char type, std::string_view s) {
    auto out = dst.prepare(s.size() + 3);
    auto* p = reinterpret_cast<char*>(out.data());
    p[0] = type;
    std::copy(s.begin(), s.end(), p + 1);
    p[s.size() + 1] = '\r';
    p[s.size() + 2] = '\n';
    dst.commit(s.size() + 3);
}

}  // namespace detail

/// The RESP2 codec for rt::io::framed: frames in, frames out. Tokio mini-redis: `Connection`'s
/// read_frame/write_frame (tokio-util would call it a Decoder + Encoder<Frame>).
class codec {
public:
    using item_type = frame;

    /// One complete frame from the front of `src`, or nothing yet; throws protocol_error.
    std::optional<frame> decode(rt::io::byte_buffer& src) {
        std::optional<frame> out(std::in_place);
        std::size_t used = 0;
        if (!detail::parse(src.view(), used, 0, *out)) return std::nullopt;
        src.consume(used);
        return out;
    }

    /// Appends the wire form of `f` to `dst`.
    void encode(const frame& f, rt::io::byte_buffer& dst) const {
        switch (f.type) {
            case frame::kind::simple:
                return detail::append_line(dst, '+', f.text);
            case frame::kind::error:
                return detail::append_line(dst, '-', f.text);
            case frame::kind::integer:
                return detail::append_line(dst, ':', std::to_string(f.integer));
            case frame::kind::null:
                return dst.append(std::string_view("$-1\r\n"));
            case frame::kind::bulk:
                detail::append_line(dst, '$', std::to_string(f.text.size()));
                dst.append(std::string_view(f.text));
                return dst.append(std::string_view("\r\n"));
            case frame::kind::array:
                detail::append_line(dst, '*', std::to_string(f.items.size()));
                for (const frame& item : f.items) encode(item, dst);
                return;
        }
    }
};

/// `f` in the wire format (tests and clients that build raw input use it).
inline std::string to_wire(const frame& f) {
    rt::io::byte_buffer b;
    codec{}.encode(f, b);
    return std::string(b.view());
}

}  // namespace mini_redis::resp
