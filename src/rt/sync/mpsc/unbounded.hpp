// rt/sync/mpsc/unbounded.hpp — the unbounded mpsc channel (Tokio: `mpsc::unbounded_channel`,
// `UnboundedSender`, `WeakUnboundedSender`). send never waits; the receiver type is shared with the
// bounded channel. Invariant: as in chan.hpp, with no slot semaphore.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "rt/sync/mpsc/bounded.hpp"
#include "rt/sync/mpsc/chan.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::mpsc {

template <class T>
class weak_unbounded_sender;

/// The receiving half of an unbounded channel. Tokio: `UnboundedReceiver<T>`.
template <class T>
using unbounded_receiver = receiver<T>;

/// A sending half of an unbounded channel; copy it for more producers. Tokio: `UnboundedSender<T>`.
template <class T>
class unbounded_sender {
public:
    explicit unbounded_sender(std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    unbounded_sender(const unbounded_sender& o) : c_(o.c_) { c_->add_sender(); }
    unbounded_sender(unbounded_sender&& o) noexcept : c_(std::move(o.c_)) {}
    unbounded_sender& operator=(unbounded_sender o) noexcept {
        std::swap(c_, o.c_);
        return *this;
    }
    ~unbounded_sender() {
        if (c_) c_->drop_sender();
    }

    /// Queues `value` at once; send_error (with the value) once the receiver closed. Tokio: `send`.
    /// The node is made (allocation, T's move) before the lock; should that throw, nothing changed.
    result<void, send_error<T>> send(T value) {
        auto n = c_->make_node(value);
        if (!c_->push(n, /*fail_if_closed=*/true)) return send_error<T>{std::move(n->value)};
        return {};
    }
    /// Ready once the receiver closed the channel or is gone. Cancel safe. Tokio: `closed`.
    [[nodiscard]] detail::closed_future<T> closed() noexcept { return detail::closed_future<T>(c_.get()); }
    /// True once the receiver closed the channel. Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() { return c_->is_closed(); }
    /// True when both senders feed the same channel. Tokio: `same_channel`.
    [[nodiscard]] bool same_channel(const unbounded_sender& o) const noexcept { return c_ == o.c_; }
    /// A sender that does not keep the channel open. Tokio: `downgrade`.
    [[nodiscard]] weak_unbounded_sender<T> downgrade() const { return weak_unbounded_sender<T>(c_); }

private:
    friend class weak_unbounded_sender<T>;
    struct adopt_t {};
    unbounded_sender(adopt_t, std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    std::shared_ptr<detail::chan<T>> c_;
};

/// Tokio: `WeakUnboundedSender<T>`.
template <class T>
class weak_unbounded_sender {
public:
    explicit weak_unbounded_sender(std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    /// A strong sender, or empty once every strong sender is gone. Tokio: `upgrade`.
    std::optional<unbounded_sender<T>> upgrade() const {
        if (!c_->try_add_sender()) return std::nullopt;
        return unbounded_sender<T>(typename unbounded_sender<T>::adopt_t{}, c_);
    }

private:
    std::shared_ptr<detail::chan<T>> c_;
};

/// An unbounded channel. Tokio: `mpsc::unbounded_channel`.
template <class T>
std::pair<unbounded_sender<T>, unbounded_receiver<T>> unbounded_channel() {
    auto c = std::make_shared<detail::chan<T>>(0);
    return {unbounded_sender<T>(c), unbounded_receiver<T>(c)};
}

}  // namespace rt::sync::mpsc
