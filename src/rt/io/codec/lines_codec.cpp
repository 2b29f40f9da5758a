// rt/io/codec/lines_codec.cpp — LinesCodec's decode/encode (see lines_codec.hpp).
#include "rt/io/codec/lines_codec.hpp"

#include <algorithm>
#include <limits>

#include "rt/io/detail/utf8.hpp"
#include "rt/io/error.hpp"

namespace rt::io {

std::string lines_codec::take_line(byte_buffer& src, std::size_t len, std::size_t consumed) {
    std::string_view line = src.view().substr(0, len);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    next_index_ = 0;
    if (!detail::is_valid_utf8(line)) {
        src.consume(consumed);  // drop the bad line so a caller that goes on sees the next one
        throw frame_error(errc::invalid_utf8, "rt::io::lines_codec: line is not valid UTF-8");
    }
    std::string out(line);
    src.consume(consumed);
    return out;
}

std::optional<std::string> lines_codec::decode(byte_buffer& src) {
    std::string_view all = src.view();
    // Only look as far as a line of max_length bytes plus its "\n" could reach.
    constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();
    std::size_t reach = max_length_ == unlimited ? all.size() : std::min(all.size(), max_length_ + 1);
    std::size_t nl = all.substr(0, reach).find('\n', std::min(next_index_, reach));
    if (nl != std::string_view::npos) return take_line(src, nl, nl + 1);
    if (all.size() > max_length_) {
        throw frame_error(errc::line_too_long, "rt::io::lines_codec: line longer than max_length");
    }
    next_index_ = all.size();
    return std::nullopt;
}

std::optional<std::string> lines_codec::decode_eof(byte_buffer& src) {
    if (auto line = decode(src)) return line;
    // A lone "\r" may be the start of a "\r\n" still to come: not a line (Tokio keeps it too).
    if (src.empty() || src.view() == "\r") return std::nullopt;
    return take_line(src, src.size(), src.size());
}

void lines_codec::encode(std::string_view line, byte_buffer& dst) const {
    dst.append(line);
    dst.append(std::string_view("\n"));
}

}  // namespace rt::io
