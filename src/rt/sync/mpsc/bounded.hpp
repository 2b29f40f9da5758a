// rt/sync/mpsc/bounded.hpp — the bounded multi-producer single-consumer channel
// (Tokio: `tokio::sync::mpsc::{channel, Sender, Receiver, Permit, OwnedPermit, WeakSender}`).
//
// send waits (FIFO) for a free slot, so a fast producer is slowed to the consumer's pace. reserve
// takes the slot first and hands back a permit that sends without waiting. Invariant: the number of
// slots held (queued values + outstanding permits + send futures past their acquire) never exceeds
// the capacity; every strong handle (sender, owned permit) counts in chan::senders.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "rt/core/error.hpp"
#include "rt/sync/detail/blocking.hpp"
#include "rt/sync/mpsc/chan.hpp"
#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"

namespace rt::sync::mpsc {

template <class T>
class sender;
template <class T>
class weak_sender;

/// The receiving half (bounded or unbounded). Destroying it closes the channel and destroys the
/// values still queued. Tokio: `Receiver<T>` / `UnboundedReceiver<T>`.
template <class T>
class receiver {
public:
    explicit receiver(std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    receiver(receiver&&) noexcept = default;
    receiver& operator=(receiver&& o) noexcept {
        if (this != &o) {
            close_and_drop();
            c_ = std::move(o.c_);
        }
        return *this;
    }
    ~receiver() { close_and_drop(); }

    /// The next value; an empty optional once every sender is gone (or close() was called) and the
    /// channel is drained. Cancel safe: a destroyed recv() loses no value. Tokio: `recv`.
    [[nodiscard]] detail::recv_future<T> recv() noexcept { return detail::recv_future<T>(c_.get()); }
    /// Waits for at least one value, then appends up to `limit` queued values to `buffer` and gives
    /// their number; 0 only once the channel is closed and drained (or when `limit` is 0). Cancel
    /// safe: a destroyed recv_many moves nothing into `buffer` and loses no value. Tokio: `recv_many`.
    [[nodiscard]] detail::recv_many_future<T> recv_many(std::vector<T>& buffer, std::size_t limit) noexcept {
        return detail::recv_many_future<T>(c_.get(), &buffer, limit);
    }
    /// A value now, or try_recv_error::empty / disconnected. Tokio: `try_recv`.
    result<T, try_recv_error> try_recv() {
        std::optional<T> v;
        switch (c_->try_recv(v)) {
            case 0:
                return std::move(*v);
            case 1:
                return try_recv_error::empty;
            default:
                return try_recv_error::disconnected;
        }
    }
    /// recv for synchronous code on a non-runtime thread. Tokio: `blocking_recv`.
    std::optional<T> blocking_recv() {
        auto f = recv();
        return sync::detail::block_on_thread(f, "rt::sync::mpsc::receiver::blocking_recv");
    }
    /// Stops new sends (pending ones fail) but keeps what was sent or reserved receivable.
    /// Tokio: `Receiver::close`.
    void close() { (void)c_->close_rx(false); }
    /// True once closed or every sender is gone. Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() {
        shim::lock_guard<shim::spin_lock> lock(c_->mu);
        return c_->rx_closed || c_->senders == 0;
    }
    /// Values queued now. Tokio: `len`.
    [[nodiscard]] std::size_t len() { return c_->len(); }
    /// True when nothing is queued. Tokio: `is_empty`.
    [[nodiscard]] bool is_empty() { return len() == 0; }
    /// The channel's capacity (0 for unbounded). Tokio: `max_capacity`.
    [[nodiscard]] std::size_t max_capacity() const noexcept { return c_->capacity; }

private:
    void close_and_drop() {
        if (c_) {
            auto dropped = c_->close_rx(true);
            (void)dropped;  // buffered values are destroyed here, once, outside the lock
        }
    }
    std::shared_ptr<detail::chan<T>> c_;
};

/// A reserved slot: send() delivers without waiting; destroying it unused frees the slot.
/// The sender it came from must outlive it. Tokio: `mpsc::Permit<'_, T>`.
template <class T>
class permit {
public:
    explicit permit(detail::chan<T>* c) noexcept : c_(c) {}
    permit(permit&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
    permit& operator=(permit&& o) noexcept {
        permit tmp(std::move(o));
        std::swap(c_, tmp.c_);
        return *this;
    }
    ~permit() {
        if (c_) c_->release_slot();
    }
    /// Sends `value` into the reserved slot (dropped if the receiver is gone). Should moving the
    /// value or allocating its node throw, the permit keeps its slot and frees it when destroyed.
    /// Tokio: `Permit::send`.
    void send(T value) && {
        auto n = c_->make_node(value);  // before the permit lets go of its slot
        detail::chan<T>* c = std::exchange(c_, nullptr);
        if (!c->push(n)) c->release_slot();
    }

private:
    detail::chan<T>* c_;
};

/// A reserved slot that owns its sender, so it can move between tasks. Tokio: `OwnedPermit<T>`.
template <class T>
class owned_permit {
public:
    explicit owned_permit(sender<T> s) noexcept : s_(std::move(s)) {}
    owned_permit(owned_permit&&) noexcept = default;
    owned_permit& operator=(owned_permit&& o) noexcept {
        owned_permit tmp(std::move(o));
        std::swap(s_.c_, tmp.s_.c_);
        return *this;
    }
    ~owned_permit() {
        if (s_.c_) s_.c_->release_slot();
    }
    /// Sends into the slot and gives the sender back. Should moving the value or allocating its
    /// node throw, the permit keeps its slot and frees it when destroyed. Tokio: `OwnedPermit::send`.
    sender<T> send(T value) && {
        auto n = s_.c_->make_node(value);  // before the permit lets go of its slot
        if (!s_.c_->push(n)) s_.c_->release_slot();
        sender<T> s = std::move(s_);
        return s;
    }
    /// Frees the slot unused and gives the sender back. Tokio: `OwnedPermit::release`.
    sender<T> release() && {
        s_.c_->release_slot();
        sender<T> s = std::move(s_);
        return s;
    }

private:
    sender<T> s_;
};

/// A sending half of a bounded channel; copy it for more producers. Tokio: `mpsc::Sender<T>`.
template <class T>
class sender {
public:
    /// Future of reserve(): waits (FIFO) for a slot. Cancel safe: destroying it loses no slot and
    /// keeps the other senders' order.
    class reserve_future {
    public:
        explicit reserve_future(detail::chan<T>* c) noexcept : c_(c), op_(&c->slots, 1) {}
        poll_result<result<permit<T>, closed_error>> poll(context& cx) {
            auto r = op_.poll(cx);
            if (r.is_pending()) return pending;
            if (r.take() == sync::detail::acquire_status::closed) return result<permit<T>, closed_error>(closed_error{});
            return result<permit<T>, closed_error>(permit<T>(c_));
        }

    private:
        detail::chan<T>* c_;
        sync::detail::acquire_op op_;
    };

    /// Future of send(v): reserve, then push. Cancel safety as reserve: destroying it before it
    /// completes loses the slot wait but never a queued value (the value is destroyed with it).
    class send_future {
    public:
        send_future(detail::chan<T>* c, T v) : c_(c), op_(&c->slots, 1), value_(std::move(v)) {}
        send_future(send_future&& o) noexcept : c_(o.c_), op_(std::move(o.op_)), value_(std::move(o.value_)) {}
        poll_result<result<void, send_error<T>>> poll(context& cx) {
            auto r = op_.poll(cx);
            if (r.is_pending()) return pending;
            if (r.take() == sync::detail::acquire_status::closed) {
                return result<void, send_error<T>>(send_error<T>{std::move(value_)});
            }
            detail::slot_guard<T> slot(c_);  // frees the slot unless the value is queued
            auto n = c_->make_node(value_);
            if (!c_->push(n)) {  // the receiver went away after we got the slot
                return result<void, send_error<T>>(send_error<T>{std::move(n->value)});
            }
            slot.dismiss();
            return result<void, send_error<T>>();
        }

    private:
        detail::chan<T>* c_;
        sync::detail::acquire_op op_;
        T value_;
    };

    explicit sender(std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    sender(const sender& o) : c_(o.c_) { c_->add_sender(); }
    sender(sender&& o) noexcept : c_(std::move(o.c_)) {}
    sender& operator=(sender o) noexcept {
        std::swap(c_, o.c_);
        return *this;
    }
    ~sender() {
        if (c_) c_->drop_sender();
    }

    /// Waits for a slot and queues `value`; send_error (with the value) when the receiver closed.
    /// Cancel safe except for the value: a destroyed send() gives up its place in the slot queue
    /// and destroys `value`, but no queued value is lost and the other senders keep their order.
    /// Tokio: `Sender::send`.
    [[nodiscard]] send_future send(T value) { return send_future(c_.get(), std::move(value)); }
    /// Future of send_timeout(); defined in <rt/sync/mpsc/send_timeout.hpp>, which needs rt.time.
    class send_timeout_future;
    /// send, giving up after `timeout` (counted from the first poll that finds the channel full):
    /// send_timeout_error timeout / closed, with the value. Needs <rt/sync/mpsc/send_timeout.hpp>
    /// (included by <rt/rt.hpp>; `import rt;`). Cancel safety as send. Tokio: `Sender::send_timeout`.
    [[nodiscard]] send_timeout_future send_timeout(T value, std::chrono::nanoseconds timeout);
    /// Queues now, or try_send_error full / closed with the value. Tokio: `try_send`.
    result<void, try_send_error<T>> try_send(T value) {
        bool ok = false;
        auto e = c_->slots.try_acquire(1, ok);
        if (!ok) {
            auto k = e == try_acquire_error::closed ? try_send_error<T>::kind::closed : try_send_error<T>::kind::full;
            return try_send_error<T>{k, std::move(value)};
        }
        detail::slot_guard<T> slot(c_.get());  // frees the slot unless the value is queued
        auto n = c_->make_node(value);
        if (!c_->push(n)) return try_send_error<T>{try_send_error<T>::kind::closed, std::move(n->value)};
        slot.dismiss();
        return {};
    }
    /// send for synchronous code on a non-runtime thread. Tokio: `blocking_send`.
    result<void, send_error<T>> blocking_send(T value) {
        auto f = send(std::move(value));
        return sync::detail::block_on_thread(f, "rt::sync::mpsc::sender::blocking_send");
    }
    /// Waits for a slot and returns a permit for it. Cancel safe: a destroyed reserve() loses no
    /// slot and keeps the other senders' order. Tokio: `reserve`.
    [[nodiscard]] reserve_future reserve() noexcept { return reserve_future(c_.get()); }
    /// A slot now, or full / closed. Tokio: `try_reserve`.
    result<permit<T>, try_acquire_error> try_reserve() {
        bool ok = false;
        auto e = c_->slots.try_acquire(1, ok);
        if (!ok) return e;
        return permit<T>(c_.get());
    }
    /// Ready once the receiver closed the channel or is gone. Cancel safe. Tokio: `Sender::closed`.
    [[nodiscard]] detail::closed_future<T> closed() noexcept { return detail::closed_future<T>(c_.get()); }
    /// True once the receiver closed the channel. Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() { return c_->is_closed(); }
    /// Free slots now. Tokio: `Sender::capacity`.
    [[nodiscard]] std::size_t capacity() const noexcept { return c_->slots.available(); }
    /// The capacity the channel was made with. Tokio: `max_capacity`.
    [[nodiscard]] std::size_t max_capacity() const noexcept { return c_->capacity; }
    /// True when both senders feed the same channel. Tokio: `same_channel`.
    [[nodiscard]] bool same_channel(const sender& o) const noexcept { return c_ == o.c_; }
    /// A sender that does not keep the channel open. Tokio: `downgrade`.
    [[nodiscard]] weak_sender<T> downgrade() const { return weak_sender<T>(c_); }

private:
    friend class owned_permit<T>;
    friend class weak_sender<T>;
    struct adopt_t {};
    sender(adopt_t, std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    std::shared_ptr<detail::chan<T>> c_;

public:
    /// Waits for a slot; the permit owns this sender (moved in). Tokio: `reserve_owned`.
    class reserve_owned_future {
    public:
        explicit reserve_owned_future(sender s) noexcept : s_(std::move(s)), op_(&s_.c_->slots, 1) {}
        reserve_owned_future(reserve_owned_future&& o) noexcept : s_(std::move(o.s_)), op_(std::move(o.op_)) {}
        poll_result<result<owned_permit<T>, closed_error>> poll(context& cx) {
            auto r = op_.poll(cx);
            if (r.is_pending()) return pending;
            if (r.take() == sync::detail::acquire_status::closed) return result<owned_permit<T>, closed_error>(closed_error{});
            return result<owned_permit<T>, closed_error>(owned_permit<T>(std::move(s_)));
        }

    private:
        sender s_;
        sync::detail::acquire_op op_;
    };
    /// Moves this sender into a future that waits for a slot. Cancel safe as reserve (destroying the
    /// future also destroys the sender). Tokio: `Sender::reserve_owned`.
    [[nodiscard]] reserve_owned_future reserve_owned() && noexcept { return reserve_owned_future(std::move(*this)); }
};

/// A sender that does not keep the channel open; upgrade() while a strong sender exists.
/// Tokio: `mpsc::WeakSender<T>`.
template <class T>
class weak_sender {
public:
    explicit weak_sender(std::shared_ptr<detail::chan<T>> c) noexcept : c_(std::move(c)) {}
    /// A strong sender, or an empty optional once every strong sender is gone. Tokio: `upgrade`.
    std::optional<sender<T>> upgrade() const {
        if (!c_->try_add_sender()) return std::nullopt;
        return sender<T>(typename sender<T>::adopt_t{}, c_);
    }

private:
    std::shared_ptr<detail::chan<T>> c_;
};

/// A bounded channel of `capacity` (> 0, else rt::usage_error) slots. Tokio: `mpsc::channel`.
template <class T>
std::pair<sender<T>, receiver<T>> channel(std::size_t capacity) {
    if (capacity == 0) throw usage_error("rt::sync::mpsc::channel: capacity must be > 0");
    auto c = std::make_shared<detail::chan<T>>(capacity);
    return {sender<T>(c), receiver<T>(c)};
}

}  // namespace rt::sync::mpsc
