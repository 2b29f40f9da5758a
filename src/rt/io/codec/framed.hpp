// rt/io/codec/framed.hpp — framed<T, C>: a byte stream plus a codec, seen as a stream of frames
// (`co_await f.next()`) and a sink of frames (`co_await f.send(frame)`).
//
// Tokio equivalent: tokio-util's `Framed` (Stream + Sink). Invariants: read_buf_ holds bytes read
// and not yet decoded; write_buf_ holds encoded bytes not yet written, in order. Once decoding
// failed (the error is thrown from next()) or end of stream was reached, next() returns an empty
// optional forever: a malformed peer gets one clear error and the stream is closed for reading.
// Memory: both buffers follow byte_buffer's policy (an emptied buffer above 8x its default 8 KiB
// frees its storage), so an idle connection that once moved a large frame holds at most 8 KiB each.
#pragma once

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/io/async_io.hpp"
#include "rt/io/buf/byte_buffer.hpp"
#include "rt/io/codec/codec.hpp"
#include "rt/io/error.hpp"
#include "rt/io/util/read_write.hpp"

namespace rt::io {

/// A stream of decoded frames read from T and a sink of frames encoded onto T. T is the stream
/// type (moved in) or an lvalue reference to one (borrowed). Tokio: `tokio_util::codec::Framed`.
template <class T, decoder C>
class framed {
public:
    using stream_type = std::remove_reference_t<T>;
    using item_type = typename C::item_type;
    /// Bytes of pending encoded output above which send() flushes before encoding more.
    static constexpr std::size_t backpressure_boundary = 8 * 1024;

    framed(T io, C codec) : io_(std::forward<T>(io)), codec_(std::move(codec)) {}

    /// The underlying stream and the codec. Tokio: `get_ref`/`get_mut`/`codec`.
    stream_type& get_ref() noexcept { return io_; }
    C& codec() noexcept { return codec_; }
    /// Bytes read but not decoded yet. Tokio: `read_buffer`.
    [[nodiscard]] const byte_buffer& read_buffer() const noexcept { return read_buf_; }
    /// Encoded bytes not written yet. Tokio: `write_buffer`.
    [[nodiscard]] const byte_buffer& write_buffer() const noexcept { return write_buf_; }

    // ---- stream side ------------------------------------------------------------------------

    /// Next frame, or an empty optional after a clean end of stream. Throws frame_error for bad
    /// input (then the stream is finished). Tokio: `Stream::poll_next`.
    poll_result<std::optional<item_type>> poll_next(context& cx)
        requires async_read<stream_type>
    {
        while (!finished_) {
            try {
                if (eof_) {
                    auto item = decode_eof();
                    if (!item) finished_ = true;
                    return item;
                }
                if (auto item = codec_.decode(read_buf_)) return item;
                // Read into the free space there is, growing only when there is none: a codec that
                // reserved exactly the rest of a frame (length_delimited) then never sees its
                // buffer doubled for the frame's last few bytes.
                const std::size_t free = read_buf_.capacity() - read_buf_.size();
                auto space = read_buf_.prepare(free >= read_chunk || free == 0 ? read_chunk : free);
                auto r = io_.poll_read(cx, space);
                if (r.is_pending()) return pending;
                std::size_t n = r.take();
                read_buf_.commit(n);
                if (n == 0) eof_ = true;
            } catch (...) {
                finished_ = true;
                throw;
            }
        }
        return std::optional<item_type>();
    }

    /// Future of next(). Cancel safe: bytes read so far stay in the framed.
    class next_future {
    public:
        explicit next_future(framed& f) noexcept : f_(&f) {}
        poll_result<std::optional<item_type>> poll(context& cx) { return f_->poll_next(cx); }

    private:
        framed* f_;
    };
    /// `while (auto frame = co_await f.next())`. Tokio: `StreamExt::next`.
    [[nodiscard]] next_future next() noexcept { return next_future(*this); }

    // ---- sink side --------------------------------------------------------------------------

    /// Ready when another frame may be encoded (flushes first above backpressure_boundary).
    /// Tokio: `Sink::poll_ready`.
    poll_result<void> poll_ready(context& cx)
        requires async_write<stream_type>
    {
        if (write_buf_.size() >= backpressure_boundary) return poll_flush(cx);
        return ready();
    }
    /// Encodes a frame into the write buffer (no I/O). Tokio: `Sink::start_send`.
    template <class Item>
        requires encoder<C, Item>
    void start_send(const Item& item) {
        codec_.encode(item, write_buf_);
    }
    /// Writes every buffered byte, then flushes the stream. Tokio: `Sink::poll_flush`.
    poll_result<void> poll_flush(context& cx)
        requires async_write<stream_type>
    {
        if (detail::poll_drain(io_, cx, write_buf_, "rt::io::framed: writer accepted 0 bytes").is_pending()) {
            return pending;
        }
        return io_.poll_flush(cx);
    }
    /// Flushes, then shuts the stream's write side down. Tokio: `Sink::poll_close`.
    poll_result<void> poll_close(context& cx)
        requires async_write<stream_type>
    {
        if (poll_flush(cx).is_pending()) return pending;
        return io_.poll_shutdown(cx);
    }

    /// Future of send()/feed(): waits for room, encodes the frame, and (send only) flushes.
    /// Not cancel safe once the frame was encoded: it may be partly written.
    template <class Item>
    class send_future {
    public:
        send_future(framed& f, Item item, bool flush) : f_(&f), item_(std::move(item)), flush_(flush) {}
        poll_result<void> poll(context& cx) {
            if (!encoded_) {
                if (f_->poll_ready(cx).is_pending()) return pending;
                f_->start_send(item_);
                encoded_ = true;
            }
            if (!flush_) return ready();
            return f_->poll_flush(cx);
        }

    private:
        framed* f_;
        Item item_;
        bool flush_;
        bool encoded_ = false;
    };
    /// Encodes `item` and flushes it to the stream. Tokio: `SinkExt::send`.
    template <class Item>
        requires encoder<C, std::decay_t<Item>>
    [[nodiscard]] send_future<std::decay_t<Item>> send(Item&& item) {
        return send_future<std::decay_t<Item>>(*this, std::forward<Item>(item), true);
    }
    /// Encodes `item` into the write buffer without flushing. Tokio: `SinkExt::feed`.
    template <class Item>
        requires encoder<C, std::decay_t<Item>>
    [[nodiscard]] send_future<std::decay_t<Item>> feed(Item&& item) {
        return send_future<std::decay_t<Item>>(*this, std::forward<Item>(item), false);
    }

    /// A future calling `poll_flush` or `poll_close` until ready. Cancel safe.
    template <bool Close>
    class drain_future {
    public:
        explicit drain_future(framed& f) noexcept : f_(&f) {}
        poll_result<void> poll(context& cx) { return Close ? f_->poll_close(cx) : f_->poll_flush(cx); }

    private:
        framed* f_;
    };
    /// Writes out every encoded frame. Tokio: `SinkExt::flush`.
    [[nodiscard]] drain_future<false> flush() noexcept { return drain_future<false>(*this); }
    /// Flushes and shuts the write side down (the peer reads end of stream). Tokio: `SinkExt::close`.
    [[nodiscard]] drain_future<true> close() noexcept { return drain_future<true>(*this); }

private:
    static constexpr std::size_t read_chunk = 8 * 1024;

    std::optional<item_type> decode_eof() {
        if constexpr (requires { codec_.decode_eof(read_buf_); }) {
            return codec_.decode_eof(read_buf_);
        } else {
            if (auto item = codec_.decode(read_buf_)) return item;
            if (!read_buf_.empty()) {
                throw frame_error(errc::incomplete_frame, "rt::io::framed: stream ended in the middle of a frame");
            }
            return std::nullopt;
        }
    }

    T io_;
    C codec_;
    byte_buffer read_buf_;
    byte_buffer write_buf_;
    bool eof_ = false;       // the stream reported end of stream
    bool finished_ = false;  // no more frames: clean end or a decoding error
};

/// Deduction: `framed f(std::move(stream), codec)` owns the stream; `framed f(stream, codec)`
/// borrows it.
template <class T, class C>
framed(T&&, C) -> framed<T, C>;

}  // namespace rt::io
