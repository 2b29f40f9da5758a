// rt/io/reactor/scheduled_io.cpp — see scheduled_io.hpp (the waiter protocol is described there,
// on io_waiter).
#include "rt/io/reactor/scheduled_io.hpp"

#include <utility>

namespace rt::io::detail {
namespace {
// Wakers are collected under the mutex and woken after it is released (a wake may run arbitrary
// scheduler code); this many at a time keeps the buffer on the stack.
constexpr std::size_t wake_batch = 32;

unsigned dirs_of(std::uint32_t bits) noexcept {
    unsigned dirs = 0;
    if (bits & readiness_mask(direction::read)) dirs |= 1u;
    if (bits & readiness_mask(direction::write)) dirs |= 2u;
    return dirs;
}
}  // namespace

// --- io_waiter ------------------------------------------------------------------------------------

void io_waiter::reset() noexcept {
    // acquire: pairs with the release store of null by the reactor (take_waiters, detach): seeing
    // null, nothing will touch this node again and its waker was already taken.
    scheduled_io* io = io_.load(std::memory_order_acquire);
    if (!io) return;
    waker dropped;  // dropped after the lock is released
    {
        shim::lock_guard<shim::mutex> lock(io->mu_);
        // Re-check under the lock: the reactor may have woken (and unregistered) us meanwhile.
        if (io_.load(std::memory_order_relaxed) != io) return;
        io->unlink(*this);
        dropped.swap(waker_);
        // relaxed: only this (owner) thread reads io_ without the lock.
        io_.store(nullptr, std::memory_order_relaxed);
    }
}

void io_waiter::take_over(io_waiter& o) noexcept {
    scheduled_io* io = o.io_.load(std::memory_order_acquire);  // as in reset()
    if (!io) return;
    shim::lock_guard<shim::mutex> lock(io->mu_);
    if (o.io_.load(std::memory_order_relaxed) != io) return;  // woken meanwhile: nothing to move
    where_ = o.where_;
    d_ = o.d_;
    waker_.swap(o.waker_);
    const auto slot = static_cast<unsigned>(d_);
    if (where_ == place::slot) {
        io->slot_[slot] = this;
    } else {
        prev_ = std::exchange(o.prev_, nullptr);
        next_ = std::exchange(o.next_, nullptr);
        (prev_ ? prev_->next_ : io->head_[slot]) = this;
        (next_ ? next_->prev_ : io->tail_[slot]) = this;
    }
    o.where_ = place::none;
    // relaxed: both are the owner's; the reactor reads these nodes only under the mutex.
    o.io_.store(nullptr, std::memory_order_relaxed);
    io_.store(io, std::memory_order_relaxed);
}

// --- scheduled_io ---------------------------------------------------------------------------------

void scheduled_io::link(io_waiter& w, direction d) noexcept {
    const auto slot = static_cast<unsigned>(d);
    w.d_ = d;
    if (!slot_[slot]) {
        slot_[slot] = &w;
        w.where_ = io_waiter::place::slot;
        return;
    }
    w.where_ = io_waiter::place::list;
    w.next_ = nullptr;
    w.prev_ = tail_[slot];
    (tail_[slot] ? tail_[slot]->next_ : head_[slot]) = &w;
    tail_[slot] = &w;
}

void scheduled_io::unlink(io_waiter& w) noexcept {
    const auto slot = static_cast<unsigned>(w.d_);
    if (w.where_ == io_waiter::place::slot) {
        slot_[slot] = nullptr;
    } else if (w.where_ == io_waiter::place::list) {
        (w.prev_ ? w.prev_->next_ : head_[slot]) = w.next_;
        (w.next_ ? w.next_->prev_ : tail_[slot]) = w.prev_;
        w.prev_ = w.next_ = nullptr;
    }
    w.where_ = io_waiter::place::none;
}

std::size_t scheduled_io::take_waiters(unsigned dirs, waker* out, std::size_t n) noexcept {
    std::size_t k = 0;
    for (unsigned slot = 0; slot < 2; ++slot) {
        if (!(dirs & (1u << slot))) continue;
        for (;;) {
            io_waiter* w = slot_[slot] ? slot_[slot] : head_[slot];
            if (!w || k == n) break;
            unlink(*w);
            out[k++].swap(w->waker_);
            // release, and the last touch of the node: the owner that acquire-loads null may
            // destroy it at once, without the mutex.
            w->io_.store(nullptr, std::memory_order_release);
        }
    }
    return k;
}

poll_result<ready_event> scheduled_io::poll_ready(context& cx, direction d, io_waiter& w) {
    const std::uint32_t mask = readiness_mask(d);
    // acquire: pairs with the reactor's release in set_readiness, so what the kernel event implies
    // (and what the waking thread wrote) is visible before we try the syscall.
    ready_event ev = decode(word_.load(std::memory_order_acquire));
    if (ev.ready & mask) return ev;

    // A waiter still registered with another registration (its source was replaced) leaves it.
    if (scheduled_io* other = w.io_.load(std::memory_order_relaxed); other && other != this) w.reset();

    waker replaced;  // a waker being replaced is dropped after the lock is released: the drop may
                     // free a task, whose frame may hold another waiter of this registration
    shim::lock_guard<shim::mutex> lock(mu_);
    if (w.io_.load(std::memory_order_relaxed) == this && w.d_ != d) unlink(w);  // re-used for the other side
    if (w.where_ == io_waiter::place::none) {
        link(w, d);
        // relaxed: read without the lock only by the owner (this thread); others read it under mu_.
        w.io_.store(this, std::memory_order_relaxed);
    }
    if (!w.waker_.will_wake(cx.waker())) {
        replaced.swap(w.waker_);
        w.waker_ = cx.waker();
    }
    // Re-check under the lock: set_readiness stores the bits before it takes mu_, so either we see
    // them now or it finds this waiter registered (see the invariant in the header).
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

void scheduled_io::set_readiness(std::uint32_t bits) {
    std::uint64_t cur = word_.load(std::memory_order_relaxed);
    for (;;) {
        const std::uint64_t tick = ((cur >> 32) + 1) & 0xffffffffu;
        const std::uint64_t next = (tick << 32) | static_cast<std::uint32_t>(cur) | bits;
        // release: pollers that acquire-load the word see everything before this event.
        if (word_.compare_exchange_weak(cur, next, std::memory_order_release, std::memory_order_relaxed)) break;
    }
    const unsigned dirs = dirs_of(bits);
    if (!dirs) return;
    // Wake every waiter of those directions, a batch at a time. A waiter that registers again
    // between two batches (it ran, found the readiness consumed, waited again) may be woken once
    // more: a spurious wake, never a lost one.
    for (;;) {
        waker batch[wake_batch];
        std::size_t n;
        {
            shim::lock_guard<shim::mutex> lock(mu_);
            n = take_waiters(dirs, batch, wake_batch);
        }
        for (std::size_t i = 0; i < n; ++i) std::move(batch[i]).wake();
        if (n < wake_batch) return;
    }
}

void scheduled_io::detach_waiters() noexcept {
    for (;;) {
        waker batch[wake_batch];
        std::size_t n;
        {
            shim::lock_guard<shim::mutex> lock(mu_);
            n = take_waiters(3u, batch, wake_batch);
        }
        for (std::size_t i = 0; i < n; ++i) std::move(batch[i]).wake();
        if (n < wake_batch) return;
    }
}

std::size_t scheduled_io::waiter_count(direction d) {
    const auto slot = static_cast<unsigned>(d);
    shim::lock_guard<shim::mutex> lock(mu_);
    std::size_t n = slot_[slot] ? 1 : 0;
    for (io_waiter* w = head_[slot]; w; w = w->next_) ++n;
    return n;
}

}  // namespace rt::io::detail
