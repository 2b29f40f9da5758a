// rt/sync/semaphore/batch_semaphore.cpp — see batch_semaphore.hpp.
#include "rt/sync/semaphore/batch_semaphore.hpp"

#include <algorithm>

#include "rt/core/error.hpp"

namespace rt::sync::detail {

batch_semaphore::batch_semaphore(std::size_t permits) : permits_(permits << shift) {
    if (permits > max_permits) throw usage_error("rt::sync::semaphore: more than max_permits permits");
}

try_acquire_error batch_semaphore::try_acquire(std::size_t n, bool& ok) noexcept {
    ok = try_take(n);
    if (ok) return try_acquire_error::no_permits;  // ignored: ok is true
    // acquire: a caller that sees the bit also sees what close() published with it.
    return (permits_.load(std::memory_order_acquire) & closed_bit) ? try_acquire_error::closed
                                                                   : try_acquire_error::no_permits;
}

poll_result<acquire_status> batch_semaphore::poll_acquire_slow(acquire_waiter& w, bool queued, context& cx) {
    if (!queued) {
        shim::unique_lock<shim::spin_lock> lock(mu_);
        if (waiters_.empty()) {
            // Take what there is now (FIFO: a big acquire holds a partial share and blocks the
            // small ones behind it, so it is never starved). If that is not enough, the same CAS
            // sets the waiting bit, so from then on releases go through the lock and see us.
            // acquire: as in try_take; relaxed on failure: we retry.
            std::size_t cur = permits_.load(std::memory_order_relaxed);
            for (;;) {
                if (cur & closed_bit) return acquire_status::closed;
                const std::size_t take = std::min(cur >> shift, w.needed - w.acquired);
                std::size_t next = cur - (take << shift);
                if (w.acquired + take < w.needed) next |= waiting_bit;
                if (permits_.compare_exchange_weak(cur, next, std::memory_order_acquire, std::memory_order_relaxed)) {
                    w.acquired += take;
                    break;
                }
            }
            if (w.acquired == w.needed) return acquire_status::acquired;
        } else if (permits_.load(std::memory_order_relaxed) & closed_bit) {
            return acquire_status::closed;
        }
        w.closed = false;
        w.waker = cx.waker();
        waiters_.push_back(&w);
        return pending;
    }
    shim::lock_guard<shim::spin_lock> lock(mu_);
    if (w.linked) {
        w.set_waker(cx.waker());
        return pending;
    }
    // Unlinked by release (all permits assigned) or by close (permits already returned).
    return w.closed ? acquire_status::closed : acquire_status::acquired;
}

void batch_semaphore::cancel(acquire_waiter& w) noexcept {
    wake_list wakes;
    shim::unique_lock<shim::spin_lock> lock(mu_);
    std::size_t give_back;
    if (w.linked) {
        waiters_.remove(&w);
        give_back = w.acquired;  // a partial share goes to the waiters behind it
    } else {
        give_back = w.closed ? 0 : w.needed;  // completed but never observed: return it all
    }
    w.acquired = 0;
    release_locked(lock, give_back, wakes);
}

void batch_semaphore::release_slow(std::size_t n) noexcept {
    wake_list wakes;
    shim::unique_lock<shim::spin_lock> lock(mu_);
    release_locked(lock, n, wakes);
}

void batch_semaphore::release_locked(shim::unique_lock<shim::spin_lock>& lock, std::size_t n, wake_list& wakes) noexcept {
    while (n > 0 && !waiters_.empty()) {
        auto* front = static_cast<acquire_waiter*>(waiters_.front());
        const std::size_t take = std::min(n, front->needed - front->acquired);
        front->acquired += take;
        n -= take;
        if (front->acquired == front->needed) {
            waiters_.pop_front();
            wakes.push(std::move(front->waker));
            if (wakes.full()) {
                // Our remaining n is private until published, so the state is consistent unlocked.
                lock.unlock();
                wakes.wake_all();
                lock.lock();
            }
        }
    }
    // The queue is empty or n is 0 now. The waiting bit only changes under the lock, so this relaxed
    // read is exact; clearing it (the queue emptied) and returning the rest is one add (modular).
    // release: the next acquirer (fast path, acquire CAS) sees everything written before this.
    const bool clear_bit = waiters_.empty() && (permits_.load(std::memory_order_relaxed) & waiting_bit);
    const std::size_t delta = (n << shift) - (clear_bit ? waiting_bit : 0);
    if (delta != 0) permits_.fetch_add(delta, std::memory_order_release);
    lock.unlock();
}

std::size_t batch_semaphore::forget(std::size_t n) noexcept {
    shim::lock_guard<shim::spin_lock> lock(mu_);
    // relaxed: forgetting transfers no data between threads.
    std::size_t cur = permits_.load(std::memory_order_relaxed);
    for (;;) {
        const std::size_t take = std::min(cur >> shift, n);
        if (permits_.compare_exchange_weak(cur, cur - (take << shift), std::memory_order_relaxed)) return take;
    }
}

void batch_semaphore::close() noexcept {
    wake_list wakes;
    shim::unique_lock<shim::spin_lock> lock(mu_);
    // release: a waiter that sees the bit also sees the queue state written under the lock.
    permits_.fetch_or(closed_bit, std::memory_order_release);
    std::size_t returned = 0;
    while (auto* n = static_cast<acquire_waiter*>(waiters_.pop_front())) {
        returned += n->acquired;
        n->acquired = 0;
        n->closed = true;
        wakes.push(std::move(n->waker));
        if (wakes.full()) {
            lock.unlock();
            wakes.wake_all();
            lock.lock();
        }
    }
    // Partial shares go back to the count: a closed semaphore still counts its permits (Tokio).
    // The queue is empty now, so the waiting bit goes (exact: it only changes under the lock).
    // release: as in release_locked.
    const bool clear_bit = permits_.load(std::memory_order_relaxed) & waiting_bit;
    const std::size_t delta = (returned << shift) - (clear_bit ? waiting_bit : 0);
    if (delta != 0) permits_.fetch_add(delta, std::memory_order_release);
}

}  // namespace rt::sync::detail
