// rt/sync/semaphore/batch_semaphore.cpp — see batch_semaphore.hpp.
#include "rt/sync/semaphore/batch_semaphore.hpp"

#include <algorithm>

#include "rt/core/error.hpp"

namespace rt::sync::detail {

batch_semaphore::batch_semaphore(std::size_t permits) : permits_(permits << 1) {
    if (permits > max_permits) throw usage_error("rt::sync::semaphore: more than max_permits permits");
}

try_acquire_error batch_semaphore::try_acquire(std::size_t n, bool& ok) noexcept {
    ok = false;
    // acquire on success: a permit holder must see what the previous holder wrote before releasing
    // (that is what makes mutex<T> a lock). relaxed on failure: nothing was taken.
    std::size_t cur = permits_.load(std::memory_order_relaxed);
    for (;;) {
        if (cur & closed_bit) return try_acquire_error::closed;
        if ((cur >> 1) < n) return try_acquire_error::no_permits;
        if (permits_.compare_exchange_weak(cur, cur - (n << 1), std::memory_order_acquire, std::memory_order_relaxed)) {
            ok = true;
            return try_acquire_error::no_permits;  // ignored: ok is true
        }
    }
}

poll_result<acquire_status> batch_semaphore::poll_acquire(acquire_waiter& w, bool queued, context& cx) {
    if (!queued) {
        bool ok = false;
        if (try_acquire(w.needed, ok) == try_acquire_error::closed && !ok) return acquire_status::closed;
        if (ok) {
            w.acquired = w.needed;
            return acquire_status::acquired;
        }
        wake_list wakes;  // destroyed after `lock`: wakes run unlocked
        shim::unique_lock<shim::mutex> lock(mu_);
        if (waiters_.empty()) {
            // Take what there is now (FIFO: a big acquire holds a partial share and blocks the
            // small ones behind it, so it is never starved). acquire: as in try_acquire.
            std::size_t cur = permits_.load(std::memory_order_relaxed);
            for (;;) {
                if (cur & closed_bit) return acquire_status::closed;
                const std::size_t take = std::min(cur >> 1, w.needed - w.acquired);
                if (permits_.compare_exchange_weak(cur, cur - (take << 1), std::memory_order_acquire,
                                                   std::memory_order_relaxed)) {
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
    shim::lock_guard<shim::mutex> lock(mu_);
    if (w.linked) {
        w.set_waker(cx.waker());
        return pending;
    }
    // Unlinked by release (all permits assigned) or by close (permits already returned).
    return w.closed ? acquire_status::closed : acquire_status::acquired;
}

void batch_semaphore::cancel(acquire_waiter& w) noexcept {
    wake_list wakes;
    shim::unique_lock<shim::mutex> lock(mu_);
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

void batch_semaphore::release(std::size_t n) noexcept {
    if (n == 0) return;
    wake_list wakes;
    shim::unique_lock<shim::mutex> lock(mu_);
    release_locked(lock, n, wakes);
}

void batch_semaphore::release_locked(shim::unique_lock<shim::mutex>& lock, std::size_t n, wake_list& wakes) noexcept {
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
    // release: the next acquirer (fast path, acquire CAS) sees everything written before this.
    if (n > 0) permits_.fetch_add(n << 1, std::memory_order_release);
    lock.unlock();
}

std::size_t batch_semaphore::forget(std::size_t n) noexcept {
    shim::lock_guard<shim::mutex> lock(mu_);
    // relaxed: forgetting transfers no data between threads.
    std::size_t cur = permits_.load(std::memory_order_relaxed);
    for (;;) {
        const std::size_t take = std::min(cur >> 1, n);
        if (permits_.compare_exchange_weak(cur, cur - (take << 1), std::memory_order_relaxed)) return take;
    }
}

void batch_semaphore::close() noexcept {
    wake_list wakes;
    shim::unique_lock<shim::mutex> lock(mu_);
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
    if (returned) permits_.fetch_add(returned << 1, std::memory_order_release);
}

}  // namespace rt::sync::detail
