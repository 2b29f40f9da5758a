// rt/sync/watch/watch.hpp — single-value channel where receivers see the latest value and wait for
// changes (Tokio: `tokio::sync::watch`).
//
// The value sits under a mutex with a version counter that every modification bumps; each receiver
// remembers the version it saw last, so it can never miss "there is something newer" (it may skip
// intermediate values, by design). Waiting uses a notify whose notified() future is created before
// the version check, so a send between the check and the wait is never lost.
// Invariants: version only grows, under the mutex; a receiver's seen version is at most the
// current one (or the "marked changed" sentinel).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/notify/notify.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::watch {
namespace detail {

template <class T>
struct shared {
    template <class... A>
    explicit shared(A&&... a) : value(std::forward<A>(a)...) {}
    shim::mutex mu;
    T value;
    std::uint64_t version = 0;
    std::size_t receivers = 1;
    bool sender_alive = true;
    notify changed;     // notify_waiters on every send and when the sender goes
    notify rx_dropped;  // notify_waiters when the last receiver goes (sender's closed())
};

inline constexpr std::uint64_t marked_changed = ~std::uint64_t{0};

}  // namespace detail

/// A locked view of the value; holds the channel's lock, so never keep it across a co_await.
/// Tokio: `watch::Ref<'_, T>`.
template <class T>
class ref {
public:
    ref(shim::unique_lock<shim::mutex> lock, const T* v, bool changed) noexcept
        : lock_(std::move(lock)), v_(v), changed_(changed) {}
    const T& operator*() const noexcept { return *v_; }
    const T* operator->() const noexcept { return v_; }
    /// True when the value was new to the receiver that borrowed it. Tokio: `Ref::has_changed`.
    [[nodiscard]] bool has_changed() const noexcept { return changed_; }

private:
    shim::unique_lock<shim::mutex> lock_;
    const T* v_;
    bool changed_;
};

template <class T>
class receiver;

/// The sending half (one per channel). Destroying it closes the channel. Tokio: `watch::Sender<T>`.
template <class T>
class sender {
public:
    /// Future of closed(): ready once every receiver is gone. Cancel safe.
    class closed_future {
    public:
        explicit closed_future(detail::shared<T>* s) noexcept : s_(s) {}
        closed_future(closed_future&& o) noexcept : s_(o.s_) {}
        poll_result<void> poll(context& cx) {
            for (;;) {
                if (!wait_) wait_.emplace(s_->rx_dropped.notified());
                {
                    shim::lock_guard<shim::mutex> lock(s_->mu);
                    if (s_->receivers == 0) return ready();
                }
                if (wait_->poll(cx).is_pending()) return pending;
                wait_.reset();
            }
        }

    private:
        detail::shared<T>* s_;
        std::optional<notify::notified_future> wait_;
    };

    explicit sender(std::shared_ptr<detail::shared<T>> s) noexcept : s_(std::move(s)) {}
    sender(sender&&) noexcept = default;
    sender& operator=(sender&&) = delete;
    ~sender() {
        if (!s_) return;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            s_->sender_alive = false;
        }
        s_->changed.notify_waiters();
    }

    /// Replaces the value and notifies receivers; send_error with the value when no receiver
    /// exists (then nothing changes). Tokio: `Sender::send`.
    result<void, send_error<T>> send(T value) {
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            if (s_->receivers == 0) return send_error<T>{std::move(value)};
            s_->value = std::move(value);
            ++s_->version;
        }
        s_->changed.notify_waiters();
        return {};
    }
    /// Replaces the value even with no receivers; returns the old one. Tokio: `send_replace`.
    T send_replace(T value) {
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            std::swap(s_->value, value);
            ++s_->version;
        }
        s_->changed.notify_waiters();
        return value;
    }
    /// Modifies the value in place with f(T&) and notifies unconditionally. Tokio: `send_modify`.
    template <class F>
    void send_modify(F&& f) {
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            std::forward<F>(f)(s_->value);
            ++s_->version;
        }
        s_->changed.notify_waiters();
    }
    /// Modifies with f(T&) -> bool and notifies only when f returns true. Tokio: `send_if_modified`.
    template <class F>
    bool send_if_modified(F&& f) {
        bool modified;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            modified = std::forward<F>(f)(s_->value);
            if (modified) ++s_->version;
        }
        if (modified) s_->changed.notify_waiters();
        return modified;
    }
    /// The current value, locked. Tokio: `Sender::borrow`.
    [[nodiscard]] ref<T> borrow() const {
        shim::unique_lock<shim::mutex> lock(s_->mu);
        const T* v = &s_->value;
        return ref<T>(std::move(lock), v, false);
    }
    /// A receiver that has seen the current value. Tokio: `Sender::subscribe`.
    [[nodiscard]] receiver<T> subscribe() const;
    /// Receivers alive now. Tokio: `receiver_count`.
    [[nodiscard]] std::size_t receiver_count() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        return s_->receivers;
    }
    /// True when no receiver exists. Tokio: `Sender::is_closed`.
    [[nodiscard]] bool is_closed() const { return receiver_count() == 0; }
    /// Ready once every receiver is gone. Cancel safe. Tokio: `Sender::closed`.
    [[nodiscard]] closed_future closed() noexcept { return closed_future(s_.get()); }

private:
    std::shared_ptr<detail::shared<T>> s_;
};

/// A receiving half; copy it for another receiver with the same seen version. Tokio: `watch::Receiver<T>`.
template <class T>
class receiver {
public:
    /// Future of changed(): ready when a version newer than the last seen exists (and marks it
    /// seen), closed_error when the sender is gone and nothing unseen is left. Cancel safe.
    class changed_future {
    public:
        explicit changed_future(receiver* r) noexcept : r_(r) {}
        changed_future(changed_future&& o) noexcept : r_(o.r_) {}
        poll_result<result<void, closed_error>> poll(context& cx) {
            if (!coop::poll_proceed(cx)) return pending;
            for (;;) {
                if (!wait_) wait_.emplace(r_->s_->changed.notified());  // before the check: no lost send
                {
                    shim::lock_guard<shim::mutex> lock(r_->s_->mu);
                    if (r_->seen_ != r_->s_->version) {
                        r_->seen_ = r_->s_->version;
                        coop::consume();
                        return result<void, closed_error>();
                    }
                    if (!r_->s_->sender_alive) return result<void, closed_error>(closed_error{});
                }
                if (wait_->poll(cx).is_pending()) return pending;
                wait_.reset();
            }
        }

    private:
        receiver* r_;
        std::optional<notify::notified_future> wait_;
    };

    receiver(std::shared_ptr<detail::shared<T>> s, std::uint64_t seen) noexcept : s_(std::move(s)), seen_(seen) {}
    receiver(const receiver& o) : s_(o.s_), seen_(o.seen_) {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        ++s_->receivers;
    }
    receiver(receiver&& o) noexcept : s_(std::move(o.s_)), seen_(o.seen_) {}
    receiver& operator=(const receiver&) = delete;
    ~receiver() {
        if (!s_) return;
        bool last;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            last = --s_->receivers == 0;
        }
        if (last) s_->rx_dropped.notify_waiters();
    }

    /// The current value, locked, without marking it seen. Tokio: `Receiver::borrow`.
    [[nodiscard]] ref<T> borrow() const {
        shim::unique_lock<shim::mutex> lock(s_->mu);
        const bool changed = seen_ != s_->version;
        const T* v = &s_->value;
        return ref<T>(std::move(lock), v, changed);
    }
    /// The current value, locked, and marks it seen. Tokio: `borrow_and_update`.
    [[nodiscard]] ref<T> borrow_and_update() {
        shim::unique_lock<shim::mutex> lock(s_->mu);
        const bool changed = seen_ != s_->version;
        seen_ = s_->version;
        const T* v = &s_->value;
        return ref<T>(std::move(lock), v, changed);
    }
    /// Waits for a value newer than the last one seen. Cancel safe: a destroyed changed() marks
    /// nothing seen, so the next changed() still reports the change. Tokio: `Receiver::changed`.
    [[nodiscard]] changed_future changed() noexcept { return changed_future(this); }
    /// Whether an unseen value exists; closed_error when the sender is gone. Tokio: `has_changed`.
    result<bool, closed_error> has_changed() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        if (!s_->sender_alive) return closed_error{};
        return seen_ != s_->version;
    }
    /// Makes the current value count as unseen. Tokio: `mark_changed`.
    void mark_changed() noexcept { seen_ = detail::marked_changed; }
    /// Makes the current value count as seen. Tokio: `mark_unchanged`.
    void mark_unchanged() {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        seen_ = s_->version;
    }
    /// True when both receivers watch the same channel. Tokio: `same_channel`.
    [[nodiscard]] bool same_channel(const receiver& o) const noexcept { return s_ == o.s_; }

private:
    std::shared_ptr<detail::shared<T>> s_;
    std::uint64_t seen_;  // owned by this receiver's user
};

template <class T>
receiver<T> sender<T>::subscribe() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    ++s_->receivers;
    return receiver<T>(s_, s_->version);
}

/// A watch channel holding `initial`; the receiver has seen it. Tokio: `watch::channel`.
template <class T>
std::pair<sender<T>, receiver<T>> channel(T initial) {
    auto s = std::make_shared<detail::shared<T>>(std::move(initial));
    return {sender<T>(s), receiver<T>(s, 0)};
}

}  // namespace rt::sync::watch
