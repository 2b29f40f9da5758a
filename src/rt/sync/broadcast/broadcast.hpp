// rt/sync/broadcast/broadcast.hpp — multi-producer, multi-consumer channel where every receiver
// sees every value (Tokio: `tokio::sync::broadcast`).
//
// A ring of capacity rounded up to a power of two, with a global write position. Each receiver has
// its own read position; a receiver that falls more than `capacity` behind gets one `lagged`
// error carrying the exact number of values it missed, then resumes at the oldest value still
// in the ring. As in Tokio, each slot counts the receivers that still have to read its value
// (`remaining`, set at send to the number of receivers); a read or the drop of a receiver that had
// not read it decrements it, and the value is destroyed at zero, so a value read by everyone holds
// no memory. Readers copy the value out, except the last, which moves it (T must be copyable).
//
// Locking (for the model checker): one mutex, `shared::mu`, protects every field of `shared`
// (the slots' value/pos/remaining, tail, receivers, senders, waiters) and each receiver's pos_.
// There are no atomics. Invariants (under the mutex):
//  - slot (p & mask) was written at pos p for every p in [max(0, tail - capacity), tail), and
//    slot.pos == p;
//  - for such a slot, remaining == the number of live receivers whose pos_ <= p, and the value is
//    engaged iff remaining > 0 (a receiver's pos_ only grows, and it reads or drops each p once);
//  - a receiver's pos_ is never ahead of tail;
//  - the waiter list holds exactly the recv futures that returned pending and were not woken since.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/wait_list.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::broadcast {

/// Why recv gave no value: every sender is gone (closed), or the receiver fell behind (lagged:
/// `skipped` values were overwritten before it read them). Tokio: `broadcast::error::RecvError`.
struct recv_error {
    enum class kind { closed, lagged };
    kind reason;
    std::uint64_t skipped = 0;
    [[nodiscard]] bool is_closed() const noexcept { return reason == kind::closed; }
    [[nodiscard]] bool is_lagged() const noexcept { return reason == kind::lagged; }
};

/// Why try_recv gave no value. Tokio: `broadcast::error::TryRecvError` (Empty/Closed/Lagged).
struct try_recv_error {
    enum class kind { empty, closed, lagged };
    kind reason;
    std::uint64_t skipped = 0;
    [[nodiscard]] bool is_empty() const noexcept { return reason == kind::empty; }
    [[nodiscard]] bool is_closed() const noexcept { return reason == kind::closed; }
    [[nodiscard]] bool is_lagged() const noexcept { return reason == kind::lagged; }
};

namespace detail {

template <class T>
struct shared {
    /// One ring entry: the value written at `pos` while `remaining` receivers have yet to read it.
    struct slot {
        std::optional<T> value;
        std::uint64_t pos = 0;
        std::size_t remaining = 0;
    };

    explicit shared(std::size_t cap) : capacity(std::bit_ceil(cap)), buf(capacity) {}
    const std::size_t capacity;
    shim::mutex mu;
    std::vector<slot> buf;
    std::uint64_t tail = 0;
    std::size_t receivers = 1;
    std::size_t senders = 1;
    sync::detail::wait_list waiters;

    void wake_all_locked(shim::unique_lock<shim::mutex>& lock, sync::detail::wake_list& wakes) {
        // A receiver registering while we are unlocked may get a spurious wake: harmless.
        while (auto* n = waiters.pop_front()) {
            wakes.push(std::move(n->waker));
            if (wakes.full()) {
                lock.unlock();
                wakes.wake_all();
                lock.lock();
            }
        }
    }

    /// The oldest position still in the ring.
    [[nodiscard]] std::uint64_t oldest_locked() const noexcept { return tail > capacity ? tail - capacity : 0; }

    /// Stores `value` at tail for the `receivers` receivers alive now (overwriting, and so
    /// destroying, the oldest value if a lagging receiver had not read it).
    void write_locked(T&& value) {
        slot& s = buf[tail & (capacity - 1)];
        s.value.emplace(std::move(value));
        s.pos = tail;
        s.remaining = receivers;
        ++tail;
    }

    /// One read at `pos`: 0 value, 1 empty, 2 lagged (skipped set, pos moved), 3 closed. The last
    /// reader of a value moves it out and the slot lets it go; earlier readers copy it.
    int read_locked(std::uint64_t& pos, std::optional<T>& out, std::uint64_t& skipped) {
        if (pos < tail) {
            if (tail - pos > capacity) {
                const std::uint64_t oldest = tail - capacity;
                skipped = oldest - pos;
                pos = oldest;
                return 2;
            }
            slot& s = buf[pos & (capacity - 1)];
            // Copy or move first, count after: if T's copy throws, nothing was consumed.
            if (s.remaining == 1) {
                out.emplace(std::move(*s.value));
                s.value.reset();
            } else {
                out.emplace(*s.value);
            }
            --s.remaining;
            ++pos;
            return 0;
        }
        return senders == 0 ? 3 : 1;
    }

    /// A receiver at `pos` leaves: it will read none of [pos, tail), so each of those values still
    /// in the ring has one reader fewer (values it lagged past were already overwritten).
    void release_locked(std::uint64_t pos) noexcept {
        for (std::uint64_t p = pos > oldest_locked() ? pos : oldest_locked(); p < tail; ++p) {
            slot& s = buf[p & (capacity - 1)];
            if (--s.remaining == 0) s.value.reset();
        }
        --receivers;
    }
};

}  // namespace detail

template <class T>
class receiver;

/// A sending half; copy it for more producers. Tokio: `broadcast::Sender<T>`.
template <class T>
class sender {
public:
    explicit sender(std::shared_ptr<detail::shared<T>> s) noexcept : s_(std::move(s)) {}
    sender(const sender& o) : s_(o.s_) {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        ++s_->senders;
    }
    sender(sender&&) noexcept = default;
    sender& operator=(sender o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~sender() {
        if (!s_) return;
        sync::detail::wake_list wakes;
        shim::unique_lock<shim::mutex> lock(s_->mu);
        if (--s_->senders == 0) s_->wake_all_locked(lock, wakes);
    }

    /// Stores `value` for every current receiver and returns how many there are; send_error with
    /// the value when there is none (nothing is stored). Tokio: `Sender::send`.
    result<std::size_t, send_error<T>> send(T value) {
        sync::detail::wake_list wakes;
        shim::unique_lock<shim::mutex> lock(s_->mu);
        if (s_->receivers == 0) return send_error<T>{std::move(value)};
        s_->write_locked(std::move(value));  // overwrites the oldest
        const std::size_t n = s_->receivers;
        s_->wake_all_locked(lock, wakes);
        return n;
    }
    /// A new receiver that sees values sent from now on. Tokio: `Sender::subscribe`.
    [[nodiscard]] receiver<T> subscribe() const;
    /// Receivers alive now. Tokio: `receiver_count`.
    [[nodiscard]] std::size_t receiver_count() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        return s_->receivers;
    }

private:
    std::shared_ptr<detail::shared<T>> s_;
};

/// A receiving half with its own read position. Tokio: `broadcast::Receiver<T>`.
template <class T>
class receiver {
public:
    /// Future of recv(). Cancel safe: a value is only consumed by the poll that returns it.
    class recv_future {
    public:
        explicit recv_future(receiver* r) noexcept : r_(r) {}
        recv_future(recv_future&& o) noexcept : r_(o.r_) {}
        ~recv_future() {
            if (!registered_) return;
            shim::lock_guard<shim::mutex> lock(r_->s_->mu);
            if (node_.linked) r_->s_->waiters.remove(&node_);
        }
        poll_result<result<T, recv_error>> poll(context& cx) {
            if (!coop::poll_proceed(cx)) return pending;
            std::optional<T> v;
            std::uint64_t skipped = 0;
            int st;
            {
                shim::lock_guard<shim::mutex> lock(r_->s_->mu);
                st = r_->s_->read_locked(r_->pos_, v, skipped);
                if (st == 1) {
                    node_.set_waker(cx.waker());
                    if (!node_.linked) r_->s_->waiters.push_back(&node_);
                    registered_ = true;
                    return pending;
                }
                if (node_.linked) r_->s_->waiters.remove(&node_);
            }
            coop::consume();
            if (st == 0) return result<T, recv_error>(std::move(*v));
            if (st == 2) return result<T, recv_error>(recv_error{recv_error::kind::lagged, skipped});
            return result<T, recv_error>(recv_error{recv_error::kind::closed, 0});
        }

    private:
        receiver* r_;
        sync::detail::waiter_node node_;
        bool registered_ = false;
    };

    receiver(std::shared_ptr<detail::shared<T>> s, std::uint64_t pos) noexcept : s_(std::move(s)), pos_(pos) {}
    receiver(receiver&& o) noexcept : s_(std::move(o.s_)), pos_(o.pos_) {}
    receiver& operator=(receiver&&) = delete;
    ~receiver() {
        if (!s_) return;
        shim::lock_guard<shim::mutex> lock(s_->mu);
        s_->release_locked(pos_);
    }

    /// The next value, or recv_error lagged(n) / closed. Cancel safe: a destroyed recv() consumes
    /// no value; the next recv() gets it. The value is copied once, or moved out when this is its
    /// last reader (then the channel no longer holds it). Tokio: `Receiver::recv`.
    [[nodiscard]] recv_future recv() noexcept { return recv_future(this); }
    /// The next value now, or try_recv_error empty / lagged(n) / closed. Tokio: `try_recv`.
    result<T, try_recv_error> try_recv() {
        std::optional<T> v;
        std::uint64_t skipped = 0;
        int st;
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            st = s_->read_locked(pos_, v, skipped);
        }
        switch (st) {
            case 0:
                return std::move(*v);
            case 1:
                return try_recv_error{try_recv_error::kind::empty, 0};
            case 2:
                return try_recv_error{try_recv_error::kind::lagged, skipped};
            default:
                return try_recv_error{try_recv_error::kind::closed, 0};
        }
    }
    /// A new receiver positioned at the newest end (sees only later values). Tokio: `resubscribe`.
    [[nodiscard]] receiver resubscribe() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        ++s_->receivers;
        return receiver(s_, s_->tail);
    }
    /// Values this receiver has not read yet (may exceed the capacity when lagging). Tokio: `len`.
    [[nodiscard]] std::size_t len() const {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        return static_cast<std::size_t>(s_->tail - pos_);
    }

private:
    std::shared_ptr<detail::shared<T>> s_;
    std::uint64_t pos_;  // touched only by this receiver's owner, under the mutex
};

template <class T>
receiver<T> sender<T>::subscribe() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    ++s_->receivers;
    return receiver<T>(s_, s_->tail);
}

/// A broadcast channel holding the last `capacity` values (rounded up to a power of two; 0 is an
/// rt::usage_error). Tokio: `broadcast::channel`.
template <class T>
std::pair<sender<T>, receiver<T>> channel(std::size_t capacity) {
    if (capacity == 0) throw usage_error("rt::sync::broadcast::channel: capacity must be > 0");
    auto s = std::make_shared<detail::shared<T>>(capacity);
    return {sender<T>(s), receiver<T>(s, 0)};
}

}  // namespace rt::sync::broadcast
