// rt/sync/mpsc/chan.hpp — the state shared by the senders and the receiver of an mpsc channel,
// bounded or unbounded, and the receive side's futures.
//
// A mutex-protected FIFO of values plus the receiver's waker. A bounded channel also has a FIFO
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
    shim::mutex mu;                            // guards everything below
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
            shim::lock_guard<shim::mutex> lock(mu);
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
            shim::lock_guard<shim::mutex> lock(mu);
            if (rx_closed) w = std::move(rx_waker);
        }
        std::move(w).wake();
    }

    void add_sender() {
        shim::lock_guard<shim::mutex> lock(mu);
        ++senders;
    }
    /// For weak senders: a new strong sender unless none is left.
    bool try_add_sender() {
        shim::lock_guard<shim::mutex> lock(mu);
        if (senders == 0) return false;
        ++senders;
        return true;
    }
    void drop_sender() {
        rt::waker w;
        {
            shim::lock_guard<shim::mutex> lock(mu);
            if (--senders == 0) w = std::move(rx_waker);
        }
        std::move(w).wake();
    }

    /// The receiver closes the channel (close() or destruction). Returns the values it dropped.
    std::deque<T> close_rx(bool dropping) {
        std::deque<T> dropped;
        sync::detail::wake_list wakes;
        {
            shim::lock_guard<shim::mutex> lock(mu);
            rx_closed = true;
            if (dropping) {
                rx_alive = false;
                dropped.swap(queue);
                rx_waker.reset();
            }
            while (auto* n = closed_waiters.pop_front()) wakes.push(std::move(n->waker));
        }
        if (bounded()) slots.close();
        return dropped;  // destroyed by the caller, outside the lock
    }

    /// One receive attempt. Ready(value), ready(nullopt) = closed and drained, or pending.
    poll_result<std::optional<T>> poll_recv(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        std::optional<T> v;
        {
            shim::lock_guard<shim::mutex> lock(mu);
            if (!queue.empty()) {
                v.emplace(std::move(queue.front()));
                queue.pop_front();
            } else if ((senders == 0 || rx_closed) && (!bounded() || slots.available() == capacity)) {
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

    /// try_recv: 0 value, 1 empty, 2 disconnected.
    int try_recv(std::optional<T>& out) {
        {
            shim::lock_guard<shim::mutex> lock(mu);
            if (queue.empty()) {
                const bool done = (senders == 0 || rx_closed) && (!bounded() || slots.available() == capacity);
                return done ? 2 : 1;
            }
            out.emplace(std::move(queue.front()));
            queue.pop_front();
        }
        if (bounded()) slots.release(1);
        return 0;
    }

    [[nodiscard]] std::size_t len() {
        shim::lock_guard<shim::mutex> lock(mu);
        return queue.size();
    }
    [[nodiscard]] bool is_closed() {
        shim::lock_guard<shim::mutex> lock(mu);
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

/// Future of a sender's closed(): ready once the receiver closed the channel or is gone. Cancel safe.
template <class T>
class closed_future {
public:
    explicit closed_future(chan<T>* c) noexcept : c_(c) {}
    closed_future(closed_future&& o) noexcept : c_(o.c_) {}
    ~closed_future() {
        if (registered_) {  // our own flag; `linked` is only read under the lock
            shim::lock_guard<shim::mutex> lock(c_->mu);
            if (node_.linked) c_->closed_waiters.remove(&node_);
        }
    }
    poll_result<void> poll(context& cx) {
        shim::lock_guard<shim::mutex> lock(c_->mu);
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
