// rt/time/entry/timer_entry.cpp — see timer_entry.hpp.
#include "rt/time/entry/timer_entry.hpp"

#include "rt/core/error.hpp"
#include "rt/time/driver/time_core.hpp"

namespace rt::time::detail {
namespace {

[[noreturn]] void throw_shut_down() {
    throw rt::usage_error("rt::time: timer polled after its runtime shut down");
}

}  // namespace

void timer_entry::adopt(timer_entry& other) {
    if (!other.core_) return;
    time_core& c = *other.core_;
    shim::lock_guard<shim::mutex> lock(c.mu);
    if (other.node_.state == timer_state::queued) {
        c.wh.replace(&other.node_, &node_);
    } else {
        node_.state = other.node_.state;
        node_.when = other.node_.when;
        other.node_.state = timer_state::idle;
    }
    node_.waker = std::move(other.node_.waker);
    core_ = std::move(other.core_);
}

bool timer_entry::poll_elapsed(context& cx, instant deadline, bool known_ahead) {
    if (!core_) {
        // Not registered: due already, or register now.
        if (!known_ahead && deadline <= instant::now()) return true;
        const std::shared_ptr<time_core>& core = current_core("rt::time timer");
        time_core& c = *core;
        rt::waker old;
        {
            shim::lock_guard<shim::mutex> lock(c.mu);
            if (c.shut_down) throw_shut_down();
            node_.when = c.deadline_tick(deadline);
            if (!c.wh.insert(&node_)) return true;  // its tick is already processed
            old = std::exchange(node_.waker, cx.waker());
            if (c.in_park && node_.when < c.park_until) {
                // A thread sleeps past this deadline: wake it so it recomputes its timeout. Under
                // the mutex so shutdown cannot free the inner driver in between.
                c.park_until = node_.when;
                c.inner->unpark();
            }
        }
        core_ = core;
        return false;
    }
    time_core& c = *core_;
    rt::waker old;  // dropped after the mutex is released
    shim::lock_guard<shim::mutex> lock(c.mu);
    if (node_.state == timer_state::fired) {
        if (c.shut_down) throw_shut_down();
        return true;
    }
    if (!node_.waker.will_wake(cx.waker())) old = std::exchange(node_.waker, cx.waker());
    return false;
}

void timer_entry::reset(instant deadline) {
    if (!core_) return;
    time_core& c = *core_;
    rt::waker w;
    bool fire_now = false;
    {
        shim::lock_guard<shim::mutex> lock(c.mu);
        if (node_.state == timer_state::queued) {
            c.wh.remove(&node_);
            node_.when = c.deadline_tick(deadline);
            if (c.wh.insert(&node_)) {
                if (c.in_park && node_.when < c.park_until) {
                    c.park_until = node_.when;
                    c.inner->unpark();
                }
                return;
            }
            node_.state = timer_state::fired;  // its tick is already processed: fire now
            fire_now = true;
        } else {
            node_.state = timer_state::idle;  // fired: the next poll registers afresh
        }
        w = std::move(node_.waker);
    }
    if (fire_now) {
        std::move(w).wake();  // outside the mutex, like the driver's firing
    } else {
        core_.reset();
    }
}

bool timer_entry::has_fired() const {
    if (!core_) return false;
    shim::lock_guard<shim::mutex> lock(core_->mu);
    return node_.state == timer_state::fired;
}

void timer_entry::deregister() noexcept {
    rt::waker old;
    {
        shim::lock_guard<shim::mutex> lock(core_->mu);
        if (node_.state == timer_state::queued) core_->wh.remove(&node_);
        node_.state = timer_state::idle;
        old = std::move(node_.waker);
    }
    core_.reset();
}

std::size_t registered_timers() noexcept {
    time_core* c = try_current_core();
    if (c == nullptr) return 0;
    shim::lock_guard<shim::mutex> lock(c->mu);
    return c->wh.size();
}

bool driver_blocked() noexcept {
    time_core* c = try_current_core();
    if (c == nullptr) return false;
    // The mutex: the parking thread sets in_park under it.
    shim::lock_guard<shim::mutex> lock(c->mu);
    return c->in_park;
}

}  // namespace rt::time::detail
