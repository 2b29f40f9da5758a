// rt/sync/oneshot/oneshot.hpp — a channel for exactly one value (Tokio: `tokio::sync::oneshot`).
//
// Shared state under a mutex: the value slot, the receiver's waker and the sender's waker (for
// closed()). Invariants: the value is written at most once (send consumes the sender); the
// receiver sees "closed" (empty optional) only when the sender is gone without sending; once the
// receiver closed or is gone, send hands the value back.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/blocking.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::oneshot {
namespace detail {

template <class T>
struct state {
    shim::mutex mu;
    std::optional<T> value;
    bool tx_gone = false;  // sent or dropped
    bool rx_closed = false;
    bool taken = false;
    rt::waker rx_waker;
    rt::waker tx_waker;
};

}  // namespace detail

/// The sending half; send() consumes it. Destroying it unsent makes the receiver see "closed".
/// Tokio: `oneshot::Sender<T>`.
template <class T>
class sender {
public:
    /// Future of closed(): ready once the receiver closed or is gone. Cancel safe.
    class closed_future {
    public:
        explicit closed_future(detail::state<T>* s) noexcept : s_(s) {}
        poll_result<void> poll(context& cx) {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            if (s_->rx_closed) return ready();
            if (!s_->tx_waker.will_wake(cx.waker())) s_->tx_waker = cx.waker();
            return pending;
        }

    private:
        detail::state<T>* s_;
    };

    explicit sender(std::shared_ptr<detail::state<T>> s) noexcept : s_(std::move(s)) {}
    sender(sender&&) noexcept = default;
    sender& operator=(sender&& o) noexcept {
        if (this != &o) {
            drop();
            s_ = std::move(o.s_);
        }
        return *this;
    }
    ~sender() { drop(); }

    /// Delivers the value; send_error with it back when the receiver is closed or gone.
    /// Tokio: `Sender::send`.
    result<void, send_error<T>> send(T value) && {
        if (!s_) throw usage_error("rt::sync::oneshot::sender::send on a moved-from sender");
        auto s = std::move(s_);
        rt::waker w;
        {
            shim::lock_guard<shim::mutex> lock(s->mu);
            s->tx_gone = true;
            if (s->rx_closed) return send_error<T>{std::move(value)};
            s->value.emplace(std::move(value));
            w = std::move(s->rx_waker);
        }
        std::move(w).wake();
        return {};
    }
    /// Ready once the receiver closed or is gone. Cancel safe. Tokio: `Sender::closed`.
    [[nodiscard]] closed_future closed() noexcept { return closed_future(s_.get()); }
    /// True once the receiver closed or is gone. Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        return s_->rx_closed;
    }

private:
    void drop() noexcept {
        if (!s_) return;
        rt::waker w;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            s_->tx_gone = true;
            w = std::move(s_->rx_waker);
        }
        std::move(w).wake();
        s_.reset();
    }
    std::shared_ptr<detail::state<T>> s_;
};

/// The receiving half; await it (a future itself) for the value, or an empty optional when the
/// sender was destroyed without sending. Cancel safe: the value stays until a poll returns it.
/// Tokio: `oneshot::Receiver<T>` (`RecvError` is the empty optional).
template <class T>
class receiver {
public:
    explicit receiver(std::shared_ptr<detail::state<T>> s) noexcept : s_(std::move(s)) {}
    receiver(receiver&&) noexcept = default;
    receiver& operator=(receiver&& o) noexcept {
        if (this != &o) {
            close();
            s_ = std::move(o.s_);
        }
        return *this;
    }
    ~receiver() {
        if (s_) close();
    }

    poll_result<std::optional<T>> poll(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        shim::lock_guard<shim::mutex> lock(s_->mu);
        if (s_->taken) throw usage_error("rt::sync::oneshot::receiver polled after it completed");
        if (s_->value || s_->tx_gone) {
            s_->taken = true;
            coop::consume();
            return take_locked();
        }
        if (!s_->rx_waker.will_wake(cx.waker())) s_->rx_waker = cx.waker();
        return pending;
    }
    /// The value now, or try_recv_error::empty (not sent yet) / disconnected (sender gone or the
    /// value already taken). Tokio: `try_recv`.
    result<T, try_recv_error> try_recv() {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        if (s_->value) {
            s_->taken = true;
            return *take_locked();
        }
        if (s_->tx_gone || s_->taken) return try_recv_error::disconnected;
        return try_recv_error::empty;
    }
    /// Waits on a non-runtime thread. Tokio: `blocking_recv`.
    std::optional<T> blocking_recv() { return sync::detail::block_on_thread(*this, "rt::sync::oneshot::receiver::blocking_recv"); }
    /// Refuses the value: a later send fails, a value already sent can still be received.
    /// Tokio: `Receiver::close`.
    void close() noexcept {
        rt::waker w;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            s_->rx_closed = true;
            w = std::move(s_->tx_waker);
        }
        std::move(w).wake();
    }

private:
    std::optional<T> take_locked() {
        std::optional<T> v = std::move(s_->value);
        s_->value.reset();
        return v;
    }
    std::shared_ptr<detail::state<T>> s_;
};

/// A new oneshot channel. Tokio: `oneshot::channel`.
template <class T>
std::pair<sender<T>, receiver<T>> channel() {
    auto s = std::make_shared<detail::state<T>>();
    return {sender<T>(s), receiver<T>(s)};
}

}  // namespace rt::sync::oneshot
