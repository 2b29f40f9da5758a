// rt/io/duplex/duplex.cpp — the bounded pipe behind each direction of a duplex pair.
//
// Invariant: every field of a pipe is read and written only under its mutex; wakers taken out under
// the lock are woken after it is released (a waker may run scheduler code). The mutex also orders
// the byte copies, so no atomics are needed: whatever a writer appended before unlocking is visible
// to the reader that locks next.
#include "rt/io/duplex/duplex.hpp"

#include <cerrno>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/error.hpp"
#include "rt/shim/sync.hpp"

namespace rt::io {
namespace detail {

struct pipe {
    explicit pipe(std::size_t max) : max_buf(max) {}
    shim::mutex mu;
    byte_buffer buf;
    std::size_t max_buf;
    bool write_closed = false;  // writer shut down or destroyed: reader sees EOF once buf drains
    bool read_closed = false;   // reader destroyed: writes fail with EPIPE
    waker reader;               // task waiting for bytes (or EOF)
    waker writer;               // task waiting for space
};

}  // namespace detail

namespace {
using lock = shim::lock_guard<shim::mutex>;
}

std::pair<duplex_stream, duplex_stream> duplex(std::size_t max_buf_size) {
    if (max_buf_size == 0) throw usage_error("rt::io::duplex: max_buf_size must be > 0");
    auto a_to_b = std::make_shared<detail::pipe>(max_buf_size);
    auto b_to_a = std::make_shared<detail::pipe>(max_buf_size);
    return {duplex_stream(b_to_a, a_to_b), duplex_stream(a_to_b, b_to_a)};
}

duplex_stream& duplex_stream::operator=(duplex_stream&& other) noexcept {
    if (this != &other) {
        close();
        read_ = std::move(other.read_);
        write_ = std::move(other.write_);
    }
    return *this;
}

duplex_stream::~duplex_stream() { close(); }

void duplex_stream::close() noexcept {
    waker wake_reader, wake_writer;
    if (write_) {
        lock l(write_->mu);
        write_->write_closed = true;
        wake_reader = std::move(write_->reader);
    }
    if (read_) {
        lock l(read_->mu);
        read_->read_closed = true;
        read_->buf.clear();  // nobody will read these bytes any more
        wake_writer = std::move(read_->writer);
    }
    std::move(wake_reader).wake();
    std::move(wake_writer).wake();
}

poll_result<std::size_t> duplex_stream::poll_read(context& cx, std::span<std::byte> buf) {
    if (!coop::poll_proceed(cx)) return pending;
    waker wake_writer;
    std::size_t n = 0;
    {
        lock l(read_->mu);
        if (read_->buf.empty() && !read_->write_closed && !buf.empty()) {
            read_->reader = cx.waker();
            return pending;
        }
        n = read_->buf.read_into(buf);
        if (n > 0) wake_writer = std::move(read_->writer);
    }
    std::move(wake_writer).wake();
    coop::consume();
    return n;
}

poll_result<std::size_t> duplex_stream::poll_write(context& cx, std::span<const std::byte> buf) {
    if (!coop::poll_proceed(cx)) return pending;
    waker wake_reader;
    std::size_t n = 0;
    {
        lock l(write_->mu);
        if (write_->read_closed) detail::throw_os_error(EPIPE, "rt::io::duplex_stream: peer was dropped");
        if (write_->write_closed) detail::throw_os_error(EPIPE, "rt::io::duplex_stream: write after shutdown");
        std::size_t room = write_->max_buf - write_->buf.size();
        if (room == 0 && !buf.empty()) {
            write_->writer = cx.waker();
            return pending;
        }
        n = std::min(room, buf.size());
        write_->buf.append(buf.first(n));
        if (n > 0) wake_reader = std::move(write_->reader);
    }
    std::move(wake_reader).wake();
    coop::consume();
    return n;
}

poll_result<void> duplex_stream::poll_flush(context&) { return ready(); }

poll_result<void> duplex_stream::poll_shutdown(context&) {
    waker wake_reader;
    {
        lock l(write_->mu);
        write_->write_closed = true;
        wake_reader = std::move(write_->reader);
    }
    std::move(wake_reader).wake();
    return ready();
}

}  // namespace rt::io
