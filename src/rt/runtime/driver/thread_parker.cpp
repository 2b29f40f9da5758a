// rt/runtime/driver/thread_parker.cpp — see thread_parker.hpp.
#include "rt/runtime/driver/thread_parker.hpp"

namespace rt::detail {

void thread_parker::park(std::optional<std::chrono::nanoseconds> timeout) {
    // acq_rel on the fast path: consuming NOTIFIED must see what the unparker wrote before it.
    std::uint32_t expected = notified;
    if (state_.compare_exchange_strong(expected, empty, std::memory_order_acq_rel)) return;
    if (timeout && timeout->count() <= 0) return;

    shim::unique_lock<shim::mutex> lock(mu_);
    expected = empty;
    if (!state_.compare_exchange_strong(expected, parked, std::memory_order_acq_rel)) {
        // unpark() raced in between: it set NOTIFIED; consume it.
        state_.store(empty, std::memory_order_release);
        return;
    }
    // The mutex orders our PARKED store against unpark()'s notify: it takes the same mutex before
    // notifying, so the notification cannot fall between the check and the wait.
    auto woken = [&] { return state_.load(std::memory_order_acquire) == notified; };
    if (timeout) {
        cv_.wait_for(lock, *timeout, woken);
    } else {
        cv_.wait(lock, woken);
    }
    // acq_rel: a NOTIFIED that arrived as the timeout expired is consumed with its writes visible.
    state_.exchange(empty, std::memory_order_acq_rel);
}

void thread_parker::unpark() {
    // release: everything written before unpark() is visible to the parked thread after it wakes.
    const std::uint32_t prev = state_.exchange(notified, std::memory_order_release);
    if (prev == parked) {
        { shim::lock_guard<shim::mutex> lock(mu_); }
        cv_.notify_one();
    }
}

}  // namespace rt::detail
