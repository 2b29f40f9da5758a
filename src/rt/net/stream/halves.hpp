// rt/net/stream/halves.hpp — split a stream socket into a read half and a write half.
//
// Tokio equivalent: `tcp::{ReadHalf, WriteHalf, OwnedReadHalf, OwnedWriteHalf}` (and unix's).
// Borrowed halves point into the stream (it must outlive them); owned halves share it, and
// dropping the owned write half shuts the write side down, as in Tokio. Invariant: a read half only
// touches the read slot and a write half only the write slot, so two tasks can use them at once.
#pragma once

#include <memory>
#include <utility>

#include "rt/net/stream/stream_socket.hpp"

namespace rt::net {

/// The reading side of a split stream (borrowed). Tokio: `tcp::ReadHalf`.
class read_half {
public:
    explicit read_half(stream_socket& s) noexcept : s_(&s) {}
    /// See stream_socket::read.
    read_future read(std::span<std::byte> buf) { return s_->read(buf); }
    /// See stream_socket::peek.
    read_future peek(std::span<std::byte> buf) { return s_->peek(buf); }
    /// See stream_socket::readable.
    ready_future readable() { return s_->readable(); }
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> buf) { return s_->poll_read(cx, buf); }

private:
    stream_socket* s_;
};

/// The writing side of a split stream (borrowed). Tokio: `tcp::WriteHalf`.
class write_half {
public:
    explicit write_half(stream_socket& s) noexcept : s_(&s) {}
    /// See stream_socket::write.
    write_future write(std::span<const std::byte> buf) { return s_->write(buf); }
    /// See stream_socket::write_all.
    write_all_future write_all(std::span<const std::byte> buf) { return s_->write_all(buf); }
    write_all_future write_all(std::string_view text) { return s_->write_all(text); }
    /// See stream_socket::shutdown.
    shutdown_future shutdown() noexcept { return s_->shutdown(); }
    /// See stream_socket::writable.
    ready_future writable() { return s_->writable(); }
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> buf) { return s_->poll_write(cx, buf); }
    poll_result<void> poll_flush(context& cx) { return s_->poll_flush(cx); }
    poll_result<void> poll_shutdown(context& cx) { return s_->poll_shutdown(cx); }

private:
    stream_socket* s_;
};

/// The reading side of a split stream that shares ownership of it. Tokio: `tcp::OwnedReadHalf`.
template <class S>
class owned_read_half : public read_half {
public:
    explicit owned_read_half(std::shared_ptr<S> s) noexcept : read_half(*s), s_(std::move(s)) {}
    /// The stream both halves share.
    [[nodiscard]] const std::shared_ptr<S>& stream() const noexcept { return s_; }

private:
    std::shared_ptr<S> s_;
};

/// The writing side of a split stream that shares ownership of it; dropping it shuts the write
/// side down (the peer reads EOF). Tokio: `tcp::OwnedWriteHalf`.
template <class S>
class owned_write_half : public write_half {
public:
    explicit owned_write_half(std::shared_ptr<S> s) noexcept : write_half(*s), s_(std::move(s)) {}
    owned_write_half(owned_write_half&&) noexcept = default;
    owned_write_half& operator=(owned_write_half&&) = delete;
    ~owned_write_half() {
        if (s_ && s_->native_handle() >= 0) ::shutdown(s_->native_handle(), SHUT_WR);
    }
    /// The stream both halves share.
    [[nodiscard]] const std::shared_ptr<S>& stream() const noexcept { return s_; }

private:
    std::shared_ptr<S> s_;
};

}  // namespace rt::net
