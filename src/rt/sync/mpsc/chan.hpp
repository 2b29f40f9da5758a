// rt/sync/mpsc/chan.hpp — the state shared by the senders and the receiver of an mpsc channel,
// bounded or unbounded, and the receive side's futures.
//
// A lock-protected FIFO of values plus the receiver's waker. A bounded channel also has a FIFO
// semaphore of `capacity` slots: a sender takes a slot before pushing, the receiver gives it back
// after popping, so senders wait in order when the channel is full. Invariants: every queued value
// of a bounded channel holds one slot; recv reports "closed" (empty optional) only when the queue is
// empty, and either no sender is left or the receiver closed it and no reserved slot is outstanding
// (all permits returned) — so nothing already sent or reserved is ever lost.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/wait_list.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync::mpsc::detail {

template <class T>
struct chan {
    explicit chan(std::size_t cap) : capacity(cap), slots(cap ? cap : 0) {}

    const std::size_t capacity;                // 0: unbounded
    sync::detail::batch_semaphore slots;       // bounded only: free slots
    // Guards everything below. A spin lock, not a futex mutex: every critical section here is a
    // few instructions (a deque push/pop, a waker move), and the mutex's uncontended lock+unlock
    // was a quarter of the instructions per message in mpsc_1to1.
    shim::spin_lock mu;
    std::deque<T> queue;
    rt::waker rx_waker;
    std::size_t senders = 1;                   // strong senders (owned permits hold one)
    bool rx_closed = false;                    // receiver closed it or is gone
    bool rx_alive = true;
    sync::detail::wait_list closed_waiters;    // senders' closed() futures

    [[nodiscard]] bool bounded() const noexcept { return capacity != 0; }

    /// Pushes a value whose slot is already held. False (value untouched) when the receiver is gone.
    bool push(T& value) {
        rt::waker w;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (!rx_alive) return false;
            queue.push_back(std::move(value));
            w = std::move(rx_waker);
        }
        std::move(w).wake();
        return true;
    }

    /// A reserved slot was given back unused: free it, and let a closed receiver re-check.
    void release_slot() {
        slots.release(1);
        wake_rx_if_closed();
    }

    void wake_rx_if_closed() {
        rt::waker w;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (rx_closed) w = std::move(rx_waker);
        }
        std::move(w).wake();
    }

    void add_sender() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        ++senders;
    }
    /// For weak senders: a new strong sender unless none is left.
    bool try_add_sender() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        if (senders == 0) return false;
        ++senders;
        return true;
    }
    void drop_sender() {
        rt::waker w;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (--senders == 0) w = std::move(rx_waker);
        }
        std::move(w).wake();
    }

    /// The receiver closes the channel (close() or destruction). Returns the values it dropped.
    std::deque<T> close_rx(bool dropping) {
        std::deque<T> dropped;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            rx_closed = true;
            if (dropping) {
                rx_alive = false;
                dropped.swap(queue);
                rx_waker.reset();
            }
        }
        // rx_closed is set, so no closed() future links itself any more: drain the list in
        // batches of wake_list's capacity, waking each batch unlocked.
        for (bool more = true; more;) {
            sync::detail::wake_list wakes;  // wakes in its destructor, after the lock is released
            shim::lock_guard<shim::spin_lock> lock(mu);
            while (!wakes.full()) {
                auto* n = closed_waiters.pop_front();
                if (!n) break;
                wakes.push(std::move(n->waker));
            }
            more = wakes.full();
        }
        if (bounded()) slots.close();
        return dropped;  // destroyed by the caller, outside the lock
    }

    /// With `mu` held and the queue empty: no value can arrive any more (no sender left, or the
    /// receiver closed it, and no reserved slot is still out).
    [[nodiscard]] bool closed_and_drained_locked() const noexcept {
        return (senders == 0 || rx_closed) && (!bounded() || slots.available() == capacity);
    }

    /// One receive attempt. Ready(value), ready(nullopt) = closed and drained, or pending.
    poll_result<std::optional<T>> poll_recv(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        std::optional<T> v;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (!queue.empty()) {
                v.emplace(std::move(queue.front()));
                queue.pop_front();
            } else if (closed_and_drained_locked()) {
                coop::consume();
                return std::optional<T>();
            } else {
                if (!rx_waker.will_wake(cx.waker())) rx_waker = cx.waker();
                return pending;
            }
        }
        if (bounded()) slots.release(1);
        coop::consume();
        return v;
    }

    /// One recv_many attempt: appends up to `limit` (> 0) queued values to `out` and returns how many;
    /// ready(0) = closed and drained. `out` is grown before anything leaves the queue, so an
    /// allocation failure loses no value.
    poll_result<std::size_t> poll_recv_many(context& cx, std::vector<T>& out, std::size_t limit) {
        if (!coop::poll_proceed(cx)) return pending;
        std::size_t n = 0;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (!queue.empty()) {
                n = queue.size() < limit ? queue.size() : limit;
                out.reserve(out.size() + n);
                for (std::size_t i = 0; i < n; ++i) {
                    out.push_back(std::move(queue.front()));
                    queue.pop_front();
                }
            } else if (closed_and_drained_locked()) {
                coop::consume();
                return std::size_t{0};
            } else {
                if (!rx_waker.will_wake(cx.waker())) rx_waker = cx.waker();
                return pending;
            }
        }
        if (bounded()) slots.release(n);
        coop::consume();
        return n;
    }

    /// try_recv: 0 value, 1 empty, 2 disconnected.
    int try_recv(std::optional<T>& out) {
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (queue.empty()) {
                const bool done = closed_and_drained_locked();
                return done ? 2 : 1;
            }
            out.emplace(std::move(queue.front()));
            queue.pop_front();
        }
        if (bounded()) slots.release(1);
        return 0;
    }

    [[nodiscard]] std::size_t len() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        return queue.size();
    }
    [[nodiscard]] bool is_closed() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        return rx_closed;
    }
};

/// Future of a receiver's recv(). Cancel safe: a value is only taken out of the channel by the poll
/// that returns it, so destroying a pending recv loses nothing.
template <class T>
class recv_future {
public:
    explicit recv_future(chan<T>* c) noexcept : c_(c) {}
    poll_result<std::optional<T>> poll(context& cx) { return c_->poll_recv(cx); }

private:
    chan<T>* c_;
};

/// Future of a receiver's recv_many(buffer, limit): the number of values appended (0 once closed and
/// drained, or at once when limit is 0). Cancel safe: values are moved into the buffer only by the
/// poll that returns their count. `buffer` must outlive the future.
template <class T>
class recv_many_future {
public:
    recv_many_future(chan<T>* c, std::vector<T>* out, std::size_t limit) noexcept : c_(c), out_(out), limit_(limit) {}
    poll_result<std::size_t> poll(context& cx) {
        if (limit_ == 0) return std::size_t{0};
        return c_->poll_recv_many(cx, *out_, limit_);
    }

private:
    chan<T>* c_;
    std::vector<T>* out_;
    std::size_t limit_;
};

/// Future of a sender's closed(): ready once the receiver closed the channel or is gone. Cancel safe.
template <class T>
class closed_future {
public:
    explicit closed_future(chan<T>* c) noexcept : c_(c) {}
    closed_future(closed_future&& o) noexcept : c_(o.c_) {}
    ~closed_future() {
        if (registered_) {  // our own flag; `linked` is only read under the lock
            shim::lock_guard<shim::spin_lock> lock(c_->mu);
            if (node_.linked) c_->closed_waiters.remove(&node_);
        }
    }
    poll_result<void> poll(context& cx) {
        shim::lock_guard<shim::spin_lock> lock(c_->mu);
        if (c_->rx_closed) {
            if (node_.linked) c_->closed_waiters.remove(&node_);
            return ready();
        }
        node_.set_waker(cx.waker());
        if (!node_.linked) c_->closed_waiters.push_back(&node_);
        registered_ = true;
        return pending;
    }

private:
    chan<T>* c_;
    sync::detail::waiter_node node_;
    bool registered_ = false;
};

}  // namespace rt::sync::mpsc::detail
