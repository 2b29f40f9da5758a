// rt/sync/mpsc/chan.hpp — the state shared by the senders and the receiver of an mpsc channel,
// bounded or unbounded, and the receive side's futures.
//
// A lock-protected FIFO of values plus the receiver's waker. A bounded channel also has a FIFO
// semaphore of `capacity` slots: a sender takes a slot before pushing, the receiver gives it back
// after popping, so senders wait in order when the channel is full. Invariants: every queued value
// of a bounded channel holds one slot; recv reports "closed" (empty optional) only when the queue is
// empty, and either no sender is left or the receiver closed it and no reserved slot is outstanding
// (all permits returned) — so nothing already sent or reserved is ever lost.
//
// No user code runs under the spin lock `mu` (issue #14 item 6): the FIFO is an intrusive list of
// nodes, each allocated and filled (T's move) by the sender before it locks, and emptied (T's move,
// destructor) by the receiver after it unlocked; wakers are cloned before, and woken or dropped
// after, the critical section. What `mu` protects is listed at its declaration.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
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
    /// One queued value. Made (allocated, value moved in) outside the lock; linked under it.
    struct node {
        explicit node(T&& v) : value(std::move(v)) {}
        node* next = nullptr;
        T value;
    };
    struct node_deleter {
        void operator()(node* n) const noexcept {
            n->~node();
            ::operator delete(n);
        }
    };
    using node_ptr = std::unique_ptr<node, node_deleter>;
    /// Node storage whose value is gone, kept for reuse (placed in a node's memory).
    struct free_block {
        free_block* next;
    };
    static_assert(sizeof(node) >= sizeof(free_block));
    static void free_blocks(free_block* b) noexcept {
        while (b) ::operator delete(std::exchange(b, b->next));
    }

    /// A chain of unlinked nodes, destroyed (with their values) by its owner outside the lock.
    class node_chain {
    public:
        explicit node_chain(node* h = nullptr) noexcept : head_(h) {}
        node_chain(node_chain&& o) noexcept : head_(std::exchange(o.head_, nullptr)) {}
        node_chain& operator=(node_chain&& o) noexcept {
            node_chain old(std::exchange(head_, std::exchange(o.head_, nullptr)));
            return *this;
        }
        ~node_chain() {
            while (head_) node_deleter{}(std::exchange(head_, head_->next));
        }

    private:
        node* head_;
    };

    explicit chan(std::size_t cap) : capacity(cap), slots(cap ? cap : 0) {}
    chan(const chan&) = delete;
    chan& operator=(const chan&) = delete;
    ~chan() {
        node_chain drop(head);
        free_blocks(pool);
        free_blocks(rx_free);
    }

    /// A node holding `value` (moved from), in recycled storage when there is some. Throws what
    /// the allocation or T's move throws; the caller then still holds whatever slot it reserved
    /// and must give it back (slot_guard).
    node_ptr make_node(T& value) {
        void* mem = nullptr;
        {
            shim::lock_guard<shim::spin_lock> lock(pool_mu);
            if (pool) {
                mem = pool;
                pool = pool->next;
                --pool_len;
            }
        }
        if (!mem) mem = ::operator new(sizeof(node));
        try {
            return node_ptr(::new (mem) node(std::move(value)));
        } catch (...) {
            ::operator delete(mem);
            throw;
        }
    }

    /// Receiver side: destroys a node's (moved-from) value and keeps its storage for the senders,
    /// handed over in batches so that the pool lock is taken once per batch.
    void recycle(node* n) noexcept {
        n->~node();
        auto* b = ::new (static_cast<void*>(n)) free_block{rx_free};
        if (!rx_free) rx_free_tail = b;
        rx_free = b;
        if (++rx_free_len < recycle_batch) return;
        free_block* drop = nullptr;
        {
            shim::lock_guard<shim::spin_lock> lock(pool_mu);
            if (pool_len < pool_max) {
                rx_free_tail->next = pool;
                pool = rx_free;
                pool_len += rx_free_len;
            } else {
                drop = rx_free;
            }
        }
        rx_free = nullptr;
        rx_free_len = 0;
        free_blocks(drop);
    }
    /// Destroys a taken node's value and recycles it on every exit path (T's move may throw).
    struct recycle_guard {
        chan* c;
        node* n;
        ~recycle_guard() {
            if (n) c->recycle(n);
        }
    };

    const std::size_t capacity;                // 0: unbounded
    sync::detail::batch_semaphore slots;       // bounded only: free slots (its own lock)
    // Guards the queue (head, tail, count and every queued node's `next`), rx_waker, senders,
    // rx_closed, rx_alive and closed_waiters (with the wakers of their nodes). A spin lock, not a
    // futex mutex: every critical section is a few instructions (link a node, move a waker's two
    // pointers), and the mutex's uncontended lock+unlock was a quarter of the instructions per
    // message in mpsc_1to1. It is never held while T's code, an allocation, or a waker's
    // clone/wake/drop runs, and no other lock is taken under it.
    shim::spin_lock mu;
    node* head = nullptr;                      // oldest queued value
    node* tail = nullptr;
    std::size_t count = 0;
    rt::waker rx_waker;
    std::size_t senders = 1;                   // strong senders (owned permits hold one)
    bool rx_closed = false;                    // receiver closed it or is gone
    bool rx_alive = true;
    sync::detail::wait_list closed_waiters;    // senders' closed() futures

    // Node storage recycled from the receiver to the senders, so a message costs no allocation in
    // the steady state. Its own spin lock (never held with `mu`), guarding `pool` and `pool_len`:
    // senders take one block per message, the receiver gives back `recycle_batch` at a time.
    static constexpr std::size_t recycle_batch = 32;
    static constexpr std::size_t pool_max = 1024;
    shim::spin_lock pool_mu;
    free_block* pool = nullptr;
    std::size_t pool_len = 0;
    // The receiver's batch being gathered: touched by the receiving side only, no lock.
    free_block* rx_free = nullptr;
    free_block* rx_free_tail = nullptr;
    std::size_t rx_free_len = 0;

    [[nodiscard]] bool bounded() const noexcept { return capacity != 0; }

    /// Queues a node (whose slot, if bounded, is already held) and wakes the receiver. False, with
    /// `n` kept, when the receiver is gone, or with `fail_if_closed` when it closed the channel.
    bool push(node_ptr& n, bool fail_if_closed = false) noexcept {
        rt::waker w;  // woken (and dropped) after the lock is released
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (!rx_alive || (fail_if_closed && rx_closed)) return false;
            node* raw = n.release();
            if (tail) {
                tail->next = raw;
            } else {
                head = raw;
            }
            tail = raw;
            ++count;
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
    node_chain close_rx(bool dropping) {
        node_chain dropped;
        {
            rt::waker old;  // dropped after the lock is released
            shim::lock_guard<shim::spin_lock> lock(mu);
            rx_closed = true;
            if (dropping) {
                rx_alive = false;
                dropped = node_chain(std::exchange(head, nullptr));
                tail = nullptr;
                count = 0;
                old = std::move(rx_waker);
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

    /// With `mu` held and k <= count: unlinks the k oldest nodes and returns the first.
    node* pop_locked(std::size_t k) noexcept {
        node* first = head;
        node* last = head;
        for (std::size_t i = 1; i < k; ++i) last = last->next;
        head = last->next;
        if (!head) tail = nullptr;
        last->next = nullptr;
        count -= k;
        return first;
    }

    /// With `mu` held, the queue empty and the channel open: makes `rx_waker` wake `w`'s task.
    /// True when done; false when the caller must drop the lock, copy `w` into `fresh` (a clone is
    /// waker code) and look again. The replaced waker ends in `fresh`, dropped by the caller unlocked.
    bool register_rx_locked(const rt::waker& w, rt::waker& fresh) noexcept {
        if (rx_waker.will_wake(w)) return true;
        if (fresh.empty()) return false;
        rx_waker.swap(fresh);
        return true;
    }

    /// Gives back the slots of `n` values the receiver took out of the queue, on every exit path.
    struct rx_slots_guard {
        chan* c;
        std::size_t n;
        ~rx_slots_guard() {
            if (c->bounded() && n) c->slots.release(n);
        }
    };

    /// One receive attempt. Ready(value), ready(nullopt) = closed and drained, or pending.
    poll_result<std::optional<T>> poll_recv(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        rt::waker fresh;  // declared before the lock: whatever it holds is dropped unlocked
        node* n = nullptr;
        for (bool again = false;; again = true) {
            if (again) fresh = cx.waker();  // the clone is waker code: made unlocked
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (head) {
                n = pop_locked(1);
                break;
            }
            if (closed_and_drained_locked()) {
                coop::consume();
                return std::optional<T>();
            }
            if (register_rx_locked(cx.waker(), fresh)) return pending;
        }
        recycle_guard owned{this, n};  // the node and what is left of its value go last
        rx_slots_guard slot{this, 1};  // the slot is free again even if T's move throws
        coop::consume();
        return std::optional<T>(std::move(n->value));
    }

    /// One recv_many attempt: appends up to `limit` (> 0) queued values to `out` and returns how many;
    /// ready(0) = closed and drained. `out` is grown before anything leaves the queue, so an
    /// allocation failure loses no value; should T's move throw, the values not yet moved go back
    /// to the front of the queue.
    poll_result<std::size_t> poll_recv_many(context& cx, std::vector<T>& out, std::size_t limit) {
        if (!coop::poll_proceed(cx)) return pending;
        rt::waker fresh;  // declared before the lock: whatever it holds is dropped unlocked
        node* first = nullptr;
        std::size_t n = 0;
        bool clone = false;
        for (;;) {
            // Unlocked: grow `out` (only this receiver takes values, so the n values seen are
            // still there on the next look), or clone the waker (waker code).
            if (n) out.reserve(out.size() + n);
            if (clone) fresh = cx.waker();
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (head) {
                n = count < limit ? count : limit;
                if (out.capacity() - out.size() >= n) {
                    first = pop_locked(n);
                    break;
                }
                continue;
            }
            if (closed_and_drained_locked()) {
                coop::consume();
                return std::size_t{0};
            }
            if (register_rx_locked(cx.waker(), fresh)) return pending;
            clone = true;
        }
        rx_slots_guard slots_back{this, 0};
        struct requeue_rest {  // on unwind: the nodes not moved out go back to the front
            chan* c;
            node*& rest;
            ~requeue_rest() {
                if (!rest) return;
                std::size_t k = 1;
                node* last = rest;
                for (; last->next; ++k) last = last->next;
                shim::lock_guard<shim::spin_lock> lock(c->mu);
                last->next = c->head;
                if (!c->head) c->tail = last;
                c->head = rest;
                c->count += k;
            }
        } requeue{this, first};
        while (first) {
            out.push_back(std::move(first->value));  // room reserved: only T's move may throw
            recycle(std::exchange(first, first->next));
            ++slots_back.n;
        }
        coop::consume();
        return n;
    }

    /// try_recv: 0 value, 1 empty, 2 disconnected.
    int try_recv(std::optional<T>& out) {
        node* n = nullptr;
        {
            shim::lock_guard<shim::spin_lock> lock(mu);
            if (!head) {
                const bool done = closed_and_drained_locked();
                return done ? 2 : 1;
            }
            n = pop_locked(1);
        }
        recycle_guard owned{this, n};
        rx_slots_guard slot{this, 1};
        out.emplace(std::move(n->value));
        return 0;
    }

    [[nodiscard]] std::size_t len() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        return count;
    }
    [[nodiscard]] bool is_closed() {
        shim::lock_guard<shim::spin_lock> lock(mu);
        return rx_closed;
    }
};

/// Gives a reserved slot back unless dismissed: a send whose push threw (T's move or the node's
/// allocation) or found the receiver gone frees its slot on every path (issue #14 item 6).
template <class T>
class slot_guard {
public:
    explicit slot_guard(chan<T>* c) noexcept : c_(c) {}
    slot_guard(const slot_guard&) = delete;
    slot_guard& operator=(const slot_guard&) = delete;
    ~slot_guard() {
        if (c_) c_->release_slot();
    }
    void dismiss() noexcept { c_ = nullptr; }

private:
    chan<T>* c_;
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
        rt::waker fresh;  // declared before the lock: the waker it ends up holding is dropped unlocked
        for (bool clone = false;;) {
            if (clone) fresh = cx.waker();
            shim::lock_guard<shim::spin_lock> lock(c_->mu);
            if (c_->rx_closed) {
                if (node_.linked) c_->closed_waiters.remove(&node_);
                return ready();
            }
            if (!node_.linked || !node_.waker.will_wake(cx.waker())) {
                if (fresh.empty()) {  // clone the waker unlocked (waker code), then look again
                    clone = true;
                    continue;
                }
                node_.waker.swap(fresh);
            }
            if (!node_.linked) c_->closed_waiters.push_back(&node_);
            registered_ = true;
            return pending;
        }
    }

private:
    chan<T>* c_;
    sync::detail::waiter_node node_;
    bool registered_ = false;
};

}  // namespace rt::sync::mpsc::detail
