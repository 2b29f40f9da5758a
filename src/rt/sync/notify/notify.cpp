// rt/sync/notify/notify.cpp — see notify.hpp.
#include "rt/sync/notify/notify.hpp"

#include <vector>

namespace rt::sync {

notify::notified_future::notified_future(notify* n) noexcept
    : n_(n), gen_(n->gen_.load(std::memory_order_relaxed)) {}

notify::notified_future::~notified_future() {
    if (state_ != state::waiting) return;
    detail::wake_list wakes;
    shim::lock_guard<shim::mutex> lock(n_->mu_);
    if (node_.linked) {
        n_->waiters_.remove(&node_);
    } else if (node_.notified == detail::notify_waiter::how::one) {
        n_->notify_one_locked(wakes);  // received but never returned: pass it on
    }
}

poll_result<void> notify::notified_future::poll(context& cx) {
    if (state_ == state::done) return ready();
    shim::lock_guard<shim::mutex> lock(n_->mu_);
    if (state_ == state::init) {
        // A notify_waiters since creation completes us, even before our first poll (Tokio).
        if (n_->gen_.load(std::memory_order_relaxed) != gen_) {
            state_ = state::done;
            return ready();
        }
        if (n_->permit_) {
            n_->permit_ = false;
            state_ = state::done;
            return ready();
        }
        node_.waker = cx.waker();
        n_->waiters_.push_back(&node_);
        state_ = state::waiting;
        return pending;
    }
    if (node_.linked) {
        node_.set_waker(cx.waker());
        return pending;
    }
    state_ = state::done;
    return ready();
}

void notify::notify_one_locked(detail::wake_list& wakes) noexcept {
    if (auto* w = static_cast<detail::notify_waiter*>(waiters_.pop_front())) {
        w->notified = detail::notify_waiter::how::one;
        wakes.push(std::move(w->waker));
    } else {
        permit_ = true;
    }
}

void notify::notify_one() noexcept {
    detail::wake_list wakes;
    shim::lock_guard<shim::mutex> lock(mu_);
    notify_one_locked(wakes);
}

void notify::notify_waiters() noexcept {
    // Collected in full before waking: unlocking halfway would let futures created after this call
    // join the list and be completed by it.
    std::vector<rt::waker> wakes;
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        gen_.fetch_add(1, std::memory_order_relaxed);
        while (auto* w = static_cast<detail::notify_waiter*>(waiters_.pop_front())) {
            w->notified = detail::notify_waiter::how::all;
            wakes.push_back(std::move(w->waker));
        }
    }
    for (auto& w : wakes) std::move(w).wake();
}

}  // namespace rt::sync
