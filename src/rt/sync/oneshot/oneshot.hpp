// rt/sync/oneshot/oneshot.hpp — a channel for exactly one value (Tokio: `tokio::sync::oneshot`).
//
// One pooled block shared by the two halves (sender and receiver are one pointer each): a state
// word, the receiver's waker, the sender's waker (for closed()) and raw storage for the value.
// Lock-free, like Tokio's: every hand-over is one atomic read-modify-write on the state word.
// Invariants (bits of the state word, see `bits`):
//  - the value is written at most once, before VALUE is published, and is read only by the
//    receiver after it saw VALUE; a send that finds CLOSED takes its value back instead;
//  - a waker field belongs to its owner (rx_waker: receiver, tx_waker: sender) while its *_WAKER
//    bit is clear, and is only read (woken by reference) by the other side while the bit is set;
//    the owner clears the bit only while the other side's final bit (COMPLETE / CLOSED) is clear;
//  - the block is freed by whichever half drops the last of the two references.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/frame_pool.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/blocking.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::oneshot {
namespace detail {

namespace bits {
inline constexpr std::uint32_t complete = 1;   // the sender is done: sent (VALUE) or dropped
inline constexpr std::uint32_t value = 2;      // a value was published (set together with COMPLETE)
inline constexpr std::uint32_t closed = 4;     // the receiver closed or is gone
inline constexpr std::uint32_t rx_waker = 8;   // rx_waker is set; the sender may wake it
inline constexpr std::uint32_t tx_waker = 16;  // tx_waker is set; the receiver may wake it
inline constexpr std::uint32_t ref_one = 32;   // one of the two handle references
}  // namespace bits

template <class T>
struct state {
    shim::atomic<std::uint32_t> word{2 * bits::ref_one};
    rt::waker rx_waker;
    rt::waker tx_waker;
    union {
        T value;  // alive from a send until the receiver takes it (or drops it, or send takes it back)
    };

    state() noexcept {}
    ~state() {}  // the value, if any, was destroyed by the half that owned it

    // Pooled like coroutine frames (one oneshot per request is a common pattern), unless T is
    // over-aligned for the pool.
    static constexpr bool pooled = alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__;

    static state* make() {
        if constexpr (pooled) return new (rt::detail::frame_pool::allocate(sizeof(state))) state();
        return new state();
    }
    /// Drops one handle's reference; the last frees the block.
    void release() noexcept {
        // acq_rel: the freeing side must see every write the other half made before letting go.
        if (word.fetch_sub(bits::ref_one, std::memory_order_acq_rel) < 2 * bits::ref_one) {
            if constexpr (pooled) {
                this->~state();
                rt::detail::frame_pool::deallocate(this, sizeof(state));
            } else {
                delete this;
            }
        }
    }

    /// Registers `w` in the waker field guarded by `mine`, unless `theirs` (the other side's final
    /// bit) is already set. Returns the state word seen last: if it has `theirs`, the caller is ready.
    std::uint32_t register_waker(rt::waker& field, std::uint32_t mine, std::uint32_t theirs, const rt::waker& w) noexcept {
        // acquire: if `theirs` is set, the caller reads what the other side published with it.
        std::uint32_t s = word.load(std::memory_order_acquire);
        if (s & theirs) return s;
        if (s & mine) {
            if (field.will_wake(w)) return s;
            // Take the field back; fails (and leaves it alone) once the other side finished,
            // because it may be waking the field right now. acq_rel: as below.
            while (true) {
                if (s & theirs) return s;
                if (word.compare_exchange_weak(s, s & ~mine, std::memory_order_acq_rel, std::memory_order_acquire)) break;
            }
        }
        field = w;
        // release: publishes the waker to the other side; acquire: if it finished meanwhile, the
        // caller reads its publication.
        return word.fetch_or(mine, std::memory_order_acq_rel) | mine;
    }
};

}  // namespace detail

/// The sending half; send() consumes it. Destroying it unsent makes the receiver see "closed".
/// Tokio: `oneshot::Sender<T>`.
template <class T>
class sender {
    using state_t = detail::state<T>;

public:
    /// Future of closed(): ready once the receiver closed or is gone. Cancel safe.
    class closed_future {
    public:
        explicit closed_future(state_t* s) noexcept : s_(s) {}
        poll_result<void> poll(context& cx) {
            if (s_ == nullptr) throw usage_error("rt::sync::oneshot::sender::closed on a moved-from sender");
            const std::uint32_t seen = s_->register_waker(s_->tx_waker, detail::bits::tx_waker, detail::bits::closed, cx.waker());
            if (seen & detail::bits::closed) return ready();
            return pending;
        }

    private:
        state_t* s_;
    };

    explicit sender(state_t* s) noexcept : s_(s) {}
    sender(sender&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    sender& operator=(sender&& o) noexcept {
        if (this != &o) {
            drop();
            s_ = std::exchange(o.s_, nullptr);
        }
        return *this;
    }
    ~sender() { drop(); }

    /// Delivers the value; send_error with it back when the receiver is closed or gone.
    /// Tokio: `Sender::send`.
    result<void, send_error<T>> send(T value) && {
        if (!s_) throw usage_error("rt::sync::oneshot::sender::send on a moved-from sender");
        state_t* s = std::exchange(s_, nullptr);
        // acquire: nothing to read yet; a closed receiver makes the send fail without a write.
        std::uint32_t w = s->word.load(std::memory_order_acquire);
        if (!(w & detail::bits::closed)) {
            new (&s->value) T(std::move(value));
            // release: publishes the value with VALUE; acquire: reads the rx_waker published
            // with RX_WAKER. A CAS, not fetch_or, so a receiver that closed meanwhile never sees
            // VALUE and the value is taken back below.
            while (!(w & detail::bits::closed)) {
                if (s->word.compare_exchange_weak(w, w | detail::bits::complete | detail::bits::value,
                                                  std::memory_order_acq_rel, std::memory_order_acquire)) {
                    if (w & detail::bits::rx_waker) s->rx_waker.wake_by_ref();
                    s->release();
                    return {};
                }
            }
            send_error<T> back{std::move(s->value)};
            std::destroy_at(&s->value);
            finish_unsent(s);
            return back;
        }
        finish_unsent(s);
        return send_error<T>{std::move(value)};
    }
    /// Ready once the receiver closed or is gone. Cancel safe. Tokio: `Sender::closed`.
    [[nodiscard]] closed_future closed() noexcept { return closed_future(s_); }
    /// True once the receiver closed or is gone. Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() const {
        if (!s_) throw usage_error("rt::sync::oneshot::sender::is_closed on a moved-from sender");
        // acquire: pairs with the receiver's close, though nothing else is read here.
        return (s_->word.load(std::memory_order_acquire) & detail::bits::closed) != 0;
    }

private:
    void drop() noexcept {
        if (s_) finish_unsent(std::exchange(s_, nullptr));
    }
    /// COMPLETE without a value: the receiver sees "closed". Wakes it and lets go of the block.
    static void finish_unsent(state_t* s) noexcept {
        // acq_rel: acquire reads the rx_waker published with RX_WAKER; release orders our uses of
        // the block before the receiver may free it.
        const std::uint32_t prev = s->word.fetch_or(detail::bits::complete, std::memory_order_acq_rel);
        if (prev & detail::bits::rx_waker) s->rx_waker.wake_by_ref();
        s->release();
    }
    state_t* s_;
};

/// The receiving half; await it (a future itself) for the value, or an empty optional when the
/// sender was destroyed without sending (or this receiver was closed first). Cancel safe: the
/// value stays until a poll returns it. Tokio: `oneshot::Receiver<T>` (`RecvError` is the empty
/// optional).
template <class T>
class receiver {
    using state_t = detail::state<T>;

public:
    explicit receiver(state_t* s) noexcept : tagged_(reinterpret_cast<std::uintptr_t>(s)) {}
    receiver(receiver&& o) noexcept : tagged_(std::exchange(o.tagged_, 0)) {}
    receiver& operator=(receiver&& o) noexcept {
        if (this != &o) {
            drop();
            tagged_ = std::exchange(o.tagged_, 0);
        }
        return *this;
    }
    ~receiver() { drop(); }

    poll_result<std::optional<T>> poll(context& cx) {
        state_t* s = live("rt::sync::oneshot::receiver polled after it was moved from");
        if (taken()) throw usage_error("rt::sync::oneshot::receiver polled after it completed");
        if (!coop::poll_proceed(cx)) return pending;
        const std::uint32_t seen = s->register_waker(s->rx_waker, detail::bits::rx_waker,
                                                     detail::bits::complete | detail::bits::closed, cx.waker());
        if (seen & detail::bits::value) {
            coop::consume();
            return std::optional<T>(take_value());
        }
        // Complete without a value, or closed by us (nothing can be sent any more).
        if (!(seen & (detail::bits::complete | detail::bits::closed))) return pending;
        coop::consume();
        tagged_ |= taken_bit;
        return std::optional<T>();
    }
    /// The value now, or try_recv_error::empty (not sent yet) / disconnected (sender gone or the
    /// value already taken). Tokio: `try_recv`.
    result<T, try_recv_error> try_recv() {
        state_t* s = live("rt::sync::oneshot::receiver::try_recv after it was moved from");
        if (taken()) return try_recv_error::disconnected;
        // acquire: pairs with the send's release, so the value is visible.
        const std::uint32_t w = s->word.load(std::memory_order_acquire);
        if (w & detail::bits::value) return take_value();
        if (w & (detail::bits::complete | detail::bits::closed)) return try_recv_error::disconnected;
        return try_recv_error::empty;
    }
    /// Waits on a non-runtime thread. Tokio: `blocking_recv`.
    std::optional<T> blocking_recv() { return sync::detail::block_on_thread(*this, "rt::sync::oneshot::receiver::blocking_recv"); }
    /// Refuses the value: a later send fails, a value already sent can still be received.
    /// Tokio: `Receiver::close`.
    void close() noexcept {
        if (state()) (void)close_word();
    }

private:
    // The low bit of the pointer says the value (or the closed outcome) was returned once: the
    // handle stays one word, which every task awaiting a oneshot pays for in its frame.
    static constexpr std::uintptr_t taken_bit = 1;
    static_assert(alignof(state_t) > 1);

    state_t* state() const noexcept { return reinterpret_cast<state_t*>(tagged_ & ~taken_bit); }
    bool taken() const noexcept { return (tagged_ & taken_bit) != 0; }
    state_t* live(const char* misuse) const {
        state_t* s = state();
        if (s == nullptr) throw usage_error(misuse);
        return s;
    }

    /// Sets CLOSED and wakes a sender waiting in closed(); returns the previous word.
    std::uint32_t close_word() noexcept {
        state_t* s = state();
        // acq_rel: acquire reads the tx_waker published with TX_WAKER (and a published value);
        // release orders our uses of the block before the sender may free it.
        const std::uint32_t prev = s->word.fetch_or(detail::bits::closed, std::memory_order_acq_rel);
        if ((prev & detail::bits::tx_waker) && !(prev & detail::bits::complete)) s->tx_waker.wake_by_ref();
        return prev;
    }
    void drop() noexcept {
        state_t* s = state();
        if (s == nullptr) return;
        const std::uint32_t prev = close_word();
        // A value sent but never received is ours to destroy (the sender is done with the block).
        if ((prev & detail::bits::value) && !taken()) std::destroy_at(&s->value);
        tagged_ = 0;
        s->release();
    }
    T take_value() {
        state_t* s = state();
        T v = std::move(s->value);  // if this throws, the value stays ours and is destroyed by drop()
        std::destroy_at(&s->value);
        tagged_ |= taken_bit;
        return v;
    }

    std::uintptr_t tagged_;
};

/// A new oneshot channel. Tokio: `oneshot::channel`.
template <class T>
std::pair<sender<T>, receiver<T>> channel() {
    auto* s = detail::state<T>::make();
    return {sender<T>(s), receiver<T>(s)};
}

}  // namespace rt::sync::oneshot
