// examples/mini_redis/resp.hpp — RESP2, the Redis wire format: the frame type and a codec that
// rt::io::framed drives (decode frames out of the read buffer, encode frames into the write buffer).
//
// Tokio's mini-redis equivalent: `frame.rs` + the parsing half of `connection.rs`. Invariant of
// decode(): it either returns one complete frame (having consumed its last bytes), or returns an
// empty optional after taking every complete element it found into the codec's own parse state
// (more bytes needed; each input byte is examined a bounded number of times, however the input is
// split), or throws resp::protocol_error for input that can never become a valid frame — including
// a bulk string longer than max_bulk_length or an array deeper than max_depth, which are refused
// as soon as their header arrives (nothing is buffered for them). The includer must already have
// rt (`import rt;` or <rt/io.hpp>) and the standard headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

/// One RESP2 value: +simple, -error, :integer, $bulk (or the null bulk $-1), *array (or the null
/// array *-1, which LPOP key count answers for a missing key).
struct frame {
    enum class kind { simple, error, integer, bulk, null, array, null_array };
    kind type = kind::null;
    std::string text;           // simple, error and bulk payload
    std::int64_t integer = 0;   // integer
    std::vector<frame> items;   // array

    static frame simple(std::string s) { return {kind::simple, std::move(s), 0, {}}; }
    static frame error(std::string s) { return {kind::error, std::move(s), 0, {}}; }
    static frame integer_of(std::int64_t v) { return {kind::integer, {}, v, {}}; }
    static frame bulk(std::string s) { return {kind::bulk, std::move(s), 0, {}}; }
    static frame null() { return {}; }
    static frame null_array() { return {kind::null_array, {}, 0, {}}; }
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

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Splits an inline command line into its words the way Redis's sdssplitargs does: blanks
/// separate words; "..." takes the escapes \n \r \t \b \a \\ \" \xHH; '...' takes \' only; a
/// closing quote must be followed by a blank or the end. Nullopt for unbalanced quotes.
inline std::optional<std::vector<std::string>> split_inline(std::string_view line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0'; };
    for (;;) {
        while (i < line.size() && blank(line[i])) ++i;
        if (i == line.size()) return out;
        std::string word;
        bool in_dq = false, in_sq = false;
        for (;;) {
            if (in_dq) {
                if (i == line.size()) return std::nullopt;
                if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] == 'x' && hex_digit(line[i + 2]) >= 0 &&
                    hex_digit(line[i + 3]) >= 0) {
                    word += static_cast<char>(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3]));
                    i += 3;
                } else if (line[i] == '\\' && i + 1 < line.size()) {
                    ++i;
                    const char c = line[i];
                    word += c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == 'b' ? '\b' : c == 'a' ? '\a' : c;
                } else if (line[i] == '"') {
                    if (i + 1 < line.size() && !blank(line[i + 1])) return std::nullopt;
                    in_dq = false;
                    ++i;
                    break;
                } else {
                    word += line[i];
                }
            } else if (in_sq) {
                if (i == line.size()) return std::nullopt;
                if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '\'') {
                    ++i;
                    word += '\'';
                } else if (line[i] == '\'') {
                    if (i + 1 < line.size() && !blank(line[i + 1])) return std::nullopt;
                    in_sq = false;
                    ++i;
                    break;
                } else {
                    word += line[i];
                }
            } else {
                if (i == line.size() || blank(line[i])) break;
                if (line[i] == '"') {
                    in_dq = true;
                } else if (line[i] == '\'') {
                    in_sq = true;
                } else {
                    word += line[i];
                }
            }
            ++i;
        }
        out.push_back(std::move(word));
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

/// Bytes already in wire form, shared by every connection that sends them (a published message
/// is encoded once and queued for each subscriber).
struct raw {
    std::shared_ptr<const std::string> bytes;
};

/// The RESP2 codec for rt::io::framed: frames in, frames out. Tokio mini-redis: `Connection`'s
/// read_frame/write_frame (tokio-util would call it a Decoder + Encoder<Frame>).
///
/// Decoding is incremental: every complete element is taken out of the read buffer as soon as it
/// arrives and kept in the codec (the array being built, the nesting stack, a bulk header whose
/// payload is still missing, and how far the current line was already searched for its end), so
/// each input byte is examined a bounded number of times however the input is split (issue #16
/// item 9: a 300,000-argument command trickled in 512-byte pieces used to be re-parsed on every
/// read). `examined()` counts the bytes looked at, for tests.
///
/// A server-side codec (`codec::for_server()`) reads requests as Redis does: an array of bulk
/// strings, or an inline command (a line not starting with '*', ended by "\n" or "\r\n", split
/// into words); `*0` and `*-1` and empty inline lines are skipped without a frame.
class codec {
public:
    using item_type = frame;

    codec() = default;
    /// The codec a server reads requests with (inline commands, no nested or non-bulk items).
    static codec for_server() {
        codec c;
        c.server_ = true;
        return c;
    }

    /// Bytes examined by decode() since construction (each input byte is counted once per look).
    [[nodiscard]] std::uint64_t examined() const noexcept { return examined_; }

    /// One complete frame, or nothing yet (the complete elements of a partial frame are taken out
    /// of `src` and kept); throws protocol_error.
    std::optional<frame> decode(rt::io::byte_buffer& src) {
        for (;;) {
            if (bulk_len_ >= 0) {
                const auto n = static_cast<std::size_t>(bulk_len_);
                if (src.size() < n + 2) return std::nullopt;
                const std::string_view in = src.view();
                examined_ += n + 2;
                if (in[n] != '\r' || in[n + 1] != '\n') throw protocol_error("bulk string not followed by CRLF");
                frame f = frame::bulk(std::string(in.substr(0, n)));
                src.consume(n + 2);
                bulk_len_ = -1;
                if (auto done = complete(std::move(f))) return done;
                continue;
            }
            const std::string_view in = src.view();
            if (in.empty()) return std::nullopt;
            const bool is_inline = server_ && stack_.empty() && in[0] != '*';
            const std::size_t nl = in.find('\n', scanned_);
            if (nl == std::string_view::npos) {
                examined_ += in.size() - scanned_;
                scanned_ = in.size();
                if (in.size() > max_line) {
                    throw protocol_error(is_inline ? "too big inline request"
                                         : in[0] == '*' ? "too big mbulk count string"
                                         : in[0] == '$' ? "too big bulk count string"
                                                        : "too big header line");
                }
                return std::nullopt;
            }
            examined_ += nl + 1 - scanned_;
            scanned_ = 0;
            if (nl > max_line) {
                // The same limit whether the line end arrived in this read or not (so how the
                // input is split never changes the outcome).
                throw protocol_error(is_inline ? "too big inline request"
                                     : in[0] == '*' ? "too big mbulk count string"
                                     : in[0] == '$' ? "too big bulk count string"
                                                    : "too big header line");
            }
            std::string_view line = in.substr(0, nl);
            if (is_inline) {
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                auto words = detail::split_inline(line);
                src.consume(nl + 1);
                if (!words) throw protocol_error("unbalanced quotes in request");
                if (words->empty()) continue;  // an empty line: Redis answers nothing
                frame f;
                f.type = frame::kind::array;
                f.items.reserve(words->size());
                for (auto& w : *words) f.items.push_back(frame::bulk(std::move(w)));
                return f;
            }
            if (line.empty() || line.back() != '\r') {
                throw protocol_error(line.empty() ? "expected a RESP type byte, got '\\n'" : "line not ended by CRLF");
            }
            line = line.substr(1, line.size() - 2);  // without the type byte and the CR
            const char type = in[0];
            if (server_ && !stack_.empty() && type != '$') {
                throw protocol_error(std::string("expected '$', got '") + printable(type) + "'");
            }
            std::optional<frame> f;
            switch (type) {
                case '+':
                    f = frame::simple(std::string(line));
                    break;
                case '-':
                    f = frame::error(std::string(line));
                    break;
                case ':':
                    f = frame::integer_of(detail::parse_int(line, "invalid integer"));
                    break;
                case '$': {
                    const std::int64_t len = detail::parse_int(line, "invalid bulk length");
                    if (len == -1 && !server_) {
                        f = frame::null();
                        break;
                    }
                    if (len < 0 || len > max_bulk_length) throw protocol_error("invalid bulk length");
                    bulk_len_ = len;
                    break;
                }
                case '*': {
                    const std::int64_t len = detail::parse_int(line, "invalid multibulk length");
                    if (len == -1 && !server_) {
                        f = frame::null_array();
                        break;
                    }
                    if ((len < 0 && !server_) || len > max_array_length) throw protocol_error("invalid multibulk length");
                    if (len <= 0 && server_) break;  // *0 and *-1: no command, no reply (as Redis)
                    if (stack_.size() >= static_cast<std::size_t>(max_depth)) {
                        throw protocol_error("too deeply nested arrays");
                    }
                    if (len == 0) {
                        f = frame::array({});
                        break;
                    }
                    level l;
                    l.f.type = frame::kind::array;
                    // Reserve by the announced length only up to a bound: the elements may never come.
                    l.f.items.reserve(static_cast<std::size_t>(std::min<std::int64_t>(len, 1024)));
                    l.remaining = len;
                    stack_.push_back(std::move(l));
                    break;
                }
                default:
                    throw protocol_error(std::string("expected a RESP type byte, got '") + printable(type) + "'");
            }
            src.consume(nl + 1);
            if (f) {
                if (auto done = complete(std::move(*f))) return done;
            }
        }
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
            case frame::kind::null_array:
                return dst.append(std::string_view("*-1\r\n"));
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
    /// Appends bytes already in wire form.
    void encode(const raw& r, rt::io::byte_buffer& dst) const { dst.append(std::string_view(*r.bytes)); }

    /// A header or inline line longer than this is refused (Redis: PROTO_INLINE_MAX_SIZE).
    static constexpr std::size_t max_line = 64 * 1024;

private:
    struct level {
        frame f;
        std::int64_t remaining = 0;
    };

    static std::string printable(char c) { return c >= 32 && c < 127 ? std::string(1, c) : std::string("\\x??"); }

    /// Puts a finished element into the array being built; the whole frame once it is complete.
    std::optional<frame> complete(frame f) {
        while (!stack_.empty()) {
            level& top = stack_.back();
            top.f.items.push_back(std::move(f));
            if (--top.remaining > 0) return std::nullopt;
            f = std::move(top.f);
            stack_.pop_back();
        }
        return f;
    }

    bool server_ = false;
    std::vector<level> stack_;     // arrays still missing elements, outermost first
    std::int64_t bulk_len_ = -1;   // >= 0: a bulk header was read, its payload has not arrived
    std::size_t scanned_ = 0;      // bytes of the current line already searched for '\n'
    std::uint64_t examined_ = 0;
};

/// `f` in the wire format (tests and clients that build raw input use it).
inline std::string to_wire(const frame& f) {
    rt::io::byte_buffer b;
    codec{}.encode(f, b);
    return std::string(b.view());
}

}  // namespace mini_redis::resp
