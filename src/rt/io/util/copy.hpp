// rt/io/util/copy.hpp — copy(reader, writer) and copy_bidirectional(a, b).
//
// Tokio equivalent: `tokio::io::copy` and `tokio::io::copy_bidirectional`. Invariant of
// copy_bidirectional: each direction finishes on its own (the reader's end of stream shuts the
// other side's writer down, so half-closes propagate), the whole future completes when both have,
// and an error in either direction ends it at once (the exception propagates).
#pragma once

#include <cstdint>
#include <utility>

#include "rt/io/async_io.hpp"
#include "rt/io/util/copy_buffer.hpp"

namespace rt::io {

/// Future of copy(). Not cancel safe: bytes read but not yet written are lost with it.
/// Tokio: `tokio::io::copy`.
template <async_read R, async_write W>
class copy_future {
public:
    copy_future(R& r, W& w) : r_(&r), w_(&w) {}
    poll_result<std::uint64_t> poll(context& cx) { return buf_.poll_copy(cx, *r_, *w_); }

private:
    R* r_;
    W* w_;
    detail::copy_buffer buf_;
};

/// Copies everything from r to w until r's end of stream, then flushes w; returns the bytes
/// copied. w is not shut down. Tokio: `tokio::io::copy`.
template <async_read R, async_write W>
[[nodiscard]] copy_future<R, W> copy(R& r, W& w) {
    return {r, w};
}

/// Future of copy_bidirectional(). Not cancel safe (like copy). Tokio: `copy_bidirectional`.
template <class A, class B>
    requires async_read<A> && async_write<A> && async_read<B> && async_write<B>
class copy_bidirectional_future {
public:
    copy_bidirectional_future(A& a, B& b) : a_(&a), b_(&b) {}

    /// Ready with {bytes a→b, bytes b→a} once both directions reached end of stream.
    poll_result<std::pair<std::uint64_t, std::uint64_t>> poll(context& cx) {
        bool a_done = a_to_b_.poll(cx, *a_, *b_);
        bool b_done = b_to_a_.poll(cx, *b_, *a_);
        if (!a_done || !b_done) return pending;
        return std::pair<std::uint64_t, std::uint64_t>(a_to_b_.amount, b_to_a_.amount);
    }

private:
    /// One direction: copying, then shutting the writer down, then done.
    struct transfer {
        detail::copy_buffer buf;
        enum class stage { copying, shutting_down, done } at = stage::copying;
        std::uint64_t amount = 0;

        template <class R, class W>
        bool poll(context& cx, R& r, W& w) {
            if (at == stage::copying) {
                auto res = buf.poll_copy(cx, r, w);
                if (res.is_pending()) return false;
                amount = res.take();
                at = stage::shutting_down;
            }
            if (at == stage::shutting_down) {
                if (w.poll_shutdown(cx).is_pending()) return false;
                at = stage::done;
            }
            return true;
        }
    };

    A* a_;
    B* b_;
    transfer a_to_b_;
    transfer b_to_a_;
};

/// Copies a→b and b→a at the same time; when one side's reader ends, the other side's writer is
/// shut down. Returns {a→b bytes, b→a bytes}. Tokio: `tokio::io::copy_bidirectional`.
template <class A, class B>
    requires async_read<A> && async_write<A> && async_read<B> && async_write<B>
[[nodiscard]] copy_bidirectional_future<A, B> copy_bidirectional(A& a, B& b) {
    return {a, b};
}

}  // namespace rt::io
