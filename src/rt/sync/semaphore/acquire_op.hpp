// rt/sync/semaphore/acquire_op.hpp — the leaf part shared by every future that waits for
// semaphore permits (semaphore::acquire, mutex::lock, rw_lock::read/write, mpsc reserve/send).
//
// Invariant: the waiter node is inside this object, so it must not move after its first poll
// (rt::task moves an awaited future only before polling it). Destroying it while it waits removes
// the node and hands its partial share of permits to the next waiter (cancel safety: no permit is
// lost and the queue order of the others is unchanged).
#pragma once

#include <cstddef>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync::detail {

class acquire_op {
public:
    acquire_op(batch_semaphore* sem, std::size_t n) noexcept : sem_(sem) { node_.needed = n; }
    acquire_op(acquire_op&& o) noexcept : sem_(o.sem_), state_(o.state_) { node_.needed = o.node_.needed; }
    acquire_op(const acquire_op&) = delete;
    acquire_op& operator=(const acquire_op&) = delete;
    ~acquire_op() {
        if (state_ == state::waiting) sem_->cancel(node_);
    }

    /// Ready with acquired (the caller now owns `needed` permits) or closed.
    poll_result<acquire_status> poll(context& cx) {
        if (state_ == state::done) throw usage_error("rt::sync: acquire future polled after it completed");
        if (!coop::poll_proceed(cx)) return pending;
        auto r = sem_->poll_acquire(node_, state_ == state::waiting, cx);
        if (r.is_pending()) {
            state_ = state::waiting;
            return pending;
        }
        state_ = state::done;
        coop::consume();
        return r;
    }

    [[nodiscard]] batch_semaphore* semaphore() const noexcept { return sem_; }
    [[nodiscard]] std::size_t needed() const noexcept { return node_.needed; }

private:
    enum class state { idle, waiting, done };
    batch_semaphore* sem_;
    acquire_waiter node_;
    state state_ = state::idle;
};

}  // namespace rt::sync::detail
