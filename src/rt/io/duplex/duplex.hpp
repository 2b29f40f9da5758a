// rt/io/duplex/duplex.hpp — duplex(): two connected in-memory byte streams, like a socket pair.
//
// Tokio equivalent: `tokio::io::duplex` / `DuplexStream`. Each direction is a bounded pipe of at
// most max_buf_size bytes: a writer that finds it full waits (backpressure); a reader that finds it
// empty waits, and reads end of stream (0) once the other end shut down or was destroyed. Writing
// to an end whose peer was destroyed throws std::system_error(EPIPE). Both ends may be used from
// different threads. Every completed read/write spends coop budget (so a copy over always-ready
// pipes still yields).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <utility>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"

namespace rt::io {

namespace detail {
struct pipe;
}

/// One end of a duplex pair: reads what the other end writes and vice versa; satisfies
/// async_read and async_write. Destroying it closes both directions. Tokio: `DuplexStream`.
class duplex_stream {
public:
    duplex_stream(duplex_stream&&) noexcept = default;
    duplex_stream& operator=(duplex_stream&& other) noexcept;
    duplex_stream(const duplex_stream&) = delete;
    duplex_stream& operator=(const duplex_stream&) = delete;
    ~duplex_stream();

    /// Reads up to buf.size() buffered bytes; ready(0) at end of stream. Tokio: `poll_read`.
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> buf);
    /// Writes as much of buf as fits (waits while the pipe is full); throws EPIPE when the peer is
    /// gone or this end was shut down. Tokio: `poll_write`.
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> buf);
    /// Always ready: the pipe has nothing to push out. Tokio: `poll_flush`.
    poll_result<void> poll_flush(context& cx);
    /// Closes this end's write direction; the peer reads end of stream after the buffered bytes.
    /// Tokio: `poll_shutdown`.
    poll_result<void> poll_shutdown(context& cx);

private:
    friend std::pair<duplex_stream, duplex_stream> duplex(std::size_t max_buf_size);
    duplex_stream(std::shared_ptr<detail::pipe> read, std::shared_ptr<detail::pipe> write) noexcept
        : read_(std::move(read)), write_(std::move(write)) {}
    void close() noexcept;

    std::shared_ptr<detail::pipe> read_;   // bytes the peer wrote, for us to read
    std::shared_ptr<detail::pipe> write_;  // bytes we write, for the peer to read
};

/// Creates a connected pair; each direction buffers at most max_buf_size bytes (> 0).
/// Tokio: `tokio::io::duplex`.
[[nodiscard]] std::pair<duplex_stream, duplex_stream> duplex(std::size_t max_buf_size);

}  // namespace rt::io
