// rt/sync/semaphore/batch_semaphore.hpp — the FIFO-fair counting semaphore every lock and the
// bounded mpsc channel are built on (Tokio: sync/batch_semaphore.rs).
//
// Permits live in one atomic word (count << 2 | waiting bit | closed bit) so an uncontended acquire
// and an uncontended release are one CAS each, with no lock. Waiters queue in a lock-protected
// intrusive FIFO; a release that finds the waiting bit set takes the lock and hands permits to the
// front waiter first (partially, if it needs more than there are); only what is left goes back to
// the word. Invariants: the waiting bit is set exactly while the queue is non-empty, and is only
// changed under the lock, in the same CAS that finds the count short (so a lock-free release either
// lands before it and is seen, or sees the bit and takes the slow path); while it is set the count
// is 0 (so the lock-free fast paths can never overtake a queued waiter: that is the fairness); a
// waiter's `acquired` is only changed under the lock; a cancelled waiter gives back what it had
// acquired, to the next waiters.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/wait_list.hpp"
#include "rt/sync/result.hpp"

namespace rt::sync::detail {

/// A queued acquire: how many permits it wants and how many it already holds.
struct acquire_waiter : waiter_node {
    std::size_t needed = 0;
    std::size_t acquired = 0;
    bool closed = false;  // set by close(): complete with an error
};

enum class acquire_status { acquired, closed };

class batch_semaphore {
public:
    /// Tokio's limit: leaves room for the closed bit and overflow checks.
    static constexpr std::size_t max_permits = SIZE_MAX >> 3;

    explicit batch_semaphore(std::size_t permits);
    batch_semaphore(const batch_semaphore&) = delete;
    batch_semaphore& operator=(const batch_semaphore&) = delete;

    [[nodiscard]] std::size_t available() const noexcept {
        // relaxed: a snapshot for callers, it orders nothing.
        return permits_.load(std::memory_order_relaxed) >> shift;
    }
    [[nodiscard]] bool is_closed() const noexcept { return permits_.load(std::memory_order_acquire) & closed_bit; }

    /// Takes n permits now or fails without waiting.
    try_acquire_error try_acquire(std::size_t n, bool& ok) noexcept;
    /// One poll of a waiter; `queued` says whether an earlier poll of this waiter returned pending.
    /// Inline lock-free fast path (the uncontended lock()); the rest is out of line.
    poll_result<acquire_status> poll_acquire(acquire_waiter& w, bool queued, context& cx) {
        if (!queued && try_take(w.needed)) {
            w.acquired = w.needed;
            return acquire_status::acquired;
        }
        return poll_acquire_slow(w, queued, cx);
    }
    /// A waiter's future is destroyed while pending (or before observing its completion).
    void cancel(acquire_waiter& w) noexcept;
    /// Gives n permits back (to the queue first). Also `add_permits`. Lock-free while nobody waits.
    void release(std::size_t n) noexcept {
        if (n == 0) return;
        // relaxed load: only a first guess for the CAS, which does the ordering.
        std::size_t cur = permits_.load(std::memory_order_relaxed);
        while (!(cur & waiting_bit)) {
            // release: the next acquirer (acquire CAS) sees everything written before this, e.g.
            // the value a mutex guard protected. relaxed on failure: we only retry or go slow.
            if (permits_.compare_exchange_weak(cur, cur + (n << shift), std::memory_order_release,
                                               std::memory_order_relaxed)) {
                return;
            }
        }
        release_slow(n);
    }
    /// Removes up to n available permits for good; returns how many.
    std::size_t forget(std::size_t n) noexcept;
    /// Closes: every queued waiter completes with closed; later acquires fail.
    void close() noexcept;

private:
    static constexpr std::size_t closed_bit = 1;
    static constexpr std::size_t waiting_bit = 2;
    static constexpr unsigned shift = 2;
    /// Lock-free attempt to take n permits (false: too few, closed, or waiters queued).
    bool try_take(std::size_t n) noexcept {
        // relaxed load: a first guess for the CAS.
        std::size_t cur = permits_.load(std::memory_order_relaxed);
        while (!(cur & closed_bit) && (cur >> shift) >= n) {
            // acquire: a permit holder must see what the previous holder wrote before releasing
            // (that is what makes mutex<T> a lock). relaxed on failure: nothing was taken.
            if (permits_.compare_exchange_weak(cur, cur - (n << shift), std::memory_order_acquire,
                                               std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }
    poll_result<acquire_status> poll_acquire_slow(acquire_waiter& w, bool queued, context& cx);
    void release_slow(std::size_t n) noexcept;
    // Hands `n` permits to queued waiters (front first) and the rest to the word; wakes after unlock.
    void release_locked(shim::unique_lock<shim::spin_lock>& lock, std::size_t n, wake_list& wakes) noexcept;

    shim::atomic<std::size_t> permits_;
    // Guards the queue and every waiter's `acquired`. A spin lock: each critical section is a few
    // list links and counter updates (wakes run after unlock), where a futex mutex's lock+unlock
    // was ~200 instructions per acquire/release in semaphore_contended.
    shim::spin_lock mu_;
    wait_list waiters_;
};

}  // namespace rt::sync::detail
