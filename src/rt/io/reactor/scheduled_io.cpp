// rt/io/reactor/scheduled_io.cpp — see scheduled_io.hpp.
#include "rt/io/reactor/scheduled_io.hpp"

#include <utility>

namespace rt::io::detail {

poll_result<ready_event> scheduled_io::poll_ready(context& cx, direction d, std::uint64_t& token) {
    const std::uint32_t mask = readiness_mask(d);
    // acquire: pairs with the reactor's release in set_readiness, so what the kernel event implies
    // (and what the waking thread wrote) is visible before we try the syscall.
    ready_event ev = decode(word_.load(std::memory_order_acquire));
    if (ev.ready & mask) return ev;

    shim::lock_guard<shim::mutex> lock(mu_);
    const auto slot = static_cast<unsigned>(d);
    if (!wakers_[slot].will_wake(cx.waker())) wakers_[slot] = cx.waker();
    tokens_[slot] = ++next_token_;
    token = tokens_[slot];
    // Re-check under the lock: set_readiness stores the bits before it takes mu_, so either we see
    // them now or it sees the waker we just stored (see the invariant in the header).
    ev = decode(word_.load(std::memory_order_acquire));
    if (ev.ready & mask) return ev;
    return pending;
}

void scheduled_io::clear_readiness(ready_event ev, std::uint32_t mask) noexcept {
    std::uint64_t cur = word_.load(std::memory_order_relaxed);
    for (;;) {
        if (decode(cur).tick != ev.tick) return;  // a newer event arrived: keep its bits
        const std::uint64_t next = cur & ~static_cast<std::uint64_t>(mask);
        // relaxed: clearing publishes nothing; a failed CAS reloads and re-checks the tick.
        if (word_.compare_exchange_weak(cur, next, std::memory_order_relaxed)) return;
    }
}

void scheduled_io::clear_waker(direction d, std::uint64_t token) noexcept {
    waker dropped;
    shim::lock_guard<shim::mutex> lock(mu_);
    const auto slot = static_cast<unsigned>(d);
    if (tokens_[slot] != token) return;
    tokens_[slot] = 0;
    dropped.swap(wakers_[slot]);  // dropped after the lock is released
}

void scheduled_io::set_readiness(std::uint32_t bits) {
    std::uint64_t cur = word_.load(std::memory_order_relaxed);
    for (;;) {
        const std::uint64_t tick = ((cur >> 32) + 1) & 0xffffffffu;
        const std::uint64_t next = (tick << 32) | static_cast<std::uint32_t>(cur) | bits;
        // release: pollers that acquire-load the word see everything before this event.
        if (word_.compare_exchange_weak(cur, next, std::memory_order_release, std::memory_order_relaxed)) break;
    }
    waker to_wake[2];
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        for (unsigned slot = 0; slot < 2; ++slot) {
            if (bits & readiness_mask(static_cast<direction>(slot))) {
                to_wake[slot].swap(wakers_[slot]);
                tokens_[slot] = 0;
            }
        }
    }
    for (waker& w : to_wake) std::move(w).wake();
}

}  // namespace rt::io::detail
