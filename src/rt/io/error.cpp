// rt/io/error.cpp — the rt.io error category and the throw helpers (see error.hpp).
#include "rt/io/error.hpp"

namespace rt::io {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "rt.io"; }
    std::string message(int v) const override {
        switch (static_cast<errc>(v)) {
            case errc::unexpected_eof: return "unexpected end of stream";
            case errc::write_zero: return "writer accepted zero bytes";
            case errc::invalid_utf8: return "stream did not contain valid UTF-8";
            case errc::frame_too_large: return "frame length exceeds the codec's maximum";
            case errc::line_too_long: return "line length exceeds the codec's maximum";
            case errc::incomplete_frame: return "stream ended in the middle of a frame";
            case errc::frame_does_not_fit: return "frame length does not fit in the length field";
        }
        return "unknown rt.io error";
    }
};

}  // namespace

const std::error_category& io_category() noexcept {
    static const category_impl c;
    return c;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), io_category()}; }

namespace detail {
void throw_io_error(errc e, const char* what) { throw std::system_error(make_error_code(e), what); }
void throw_os_error(int err, const char* what) { throw std::system_error(err, std::generic_category(), what); }
}  // namespace detail

}  // namespace rt::io
