// rt/io/util/copy_buffer.hpp — the state machine shared by copy() and copy_bidirectional(): move
// bytes from a reader to a writer through one buffer until the reader's end of stream, then flush.
//
// Tokio equivalent: the private `CopyBuffer` in tokio/src/io/util/copy.rs (ideas only). Invariant:
// buf_[pos_, cap_) were read and not yet written; the reader is only read when that range is
// empty; the writer is flushed whenever the reader would wait with unflushed writes, so a
// buffered writer never sits on bytes while the copy is idle. Each loop turn spends coop budget,
// so a copy between always-ready streams still yields to the scheduler. The buffer is allocated
// once, not zero-filled (issue #16), and has a fixed size: a copy never holds more than it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "rt/core/coop.hpp"
#include "rt/io/async_io.hpp"
#include "rt/io/buf/buf_reader.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/error.hpp"

namespace rt::io::detail {

class copy_buffer {
public:
    explicit copy_buffer(std::size_t size = default_buf_size) : buf_(size) {}

    /// Copies until `r` reports end of stream and `w` is flushed; returns the bytes copied.
    template <async_read R, async_write W>
    poll_result<std::uint64_t> poll_copy(context& cx, R& r, W& w) {
        for (;;) {
            if (!coop::poll_proceed(cx)) return pending;
            if (pos_ == cap_ && !read_done_) {
                auto res = r.poll_read(cx, buf_.span());
                if (res.is_pending()) {
                    if (need_flush_) {
                        if (w.poll_flush(cx).is_pending()) return pending;
                        need_flush_ = false;
                    }
                    return pending;
                }
                std::size_t n = res.take();
                pos_ = 0;
                cap_ = n;
                if (n == 0) read_done_ = true;
            }
            while (pos_ < cap_) {
                auto res = w.poll_write(cx, std::span<const std::byte>(buf_.span()).subspan(pos_, cap_ - pos_));
                if (res.is_pending()) return pending;
                std::size_t n = res.take();
                if (n == 0) throw_io_error(errc::write_zero, "rt::io::copy: writer accepted 0 bytes");
                pos_ += n;
                amount_ += n;
                need_flush_ = true;
            }
            coop::consume();
            if (pos_ == cap_ && read_done_) {
                if (w.poll_flush(cx).is_pending()) return pending;
                return amount_;
            }
        }
    }

private:
    raw_bytes buf_;
    std::size_t pos_ = 0;
    std::size_t cap_ = 0;
    std::uint64_t amount_ = 0;
    bool read_done_ = false;
    bool need_flush_ = false;
};

}  // namespace rt::io::detail
