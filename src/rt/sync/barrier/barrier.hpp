// rt/sync/barrier/barrier.hpp — rt::sync::barrier: n tasks wait until all have arrived; exactly one
// of each group is the leader (Tokio: `tokio::sync::Barrier`).
//
// Arrivals are counted under a mutex; the n-th arrival starts a new generation and wakes the others
// through a notify whose notified() future each waiter created while holding the barrier's lock
// (so the wake cannot be missed). Invariants: 0 <= arrived < n between calls; the generation grows
// by one per completed group; exactly one wait() per generation reports is_leader().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/notify/notify.hpp"

namespace rt::sync {

/// What wait() returns: whether this task was the group's leader. Tokio: `BarrierWaitResult`.
class barrier_wait_result {
public:
    explicit barrier_wait_result(bool leader) noexcept : leader_(leader) {}
    /// True for exactly one task of each group. Tokio: `is_leader`.
    [[nodiscard]] bool is_leader() const noexcept { return leader_; }

private:
    bool leader_;
};

/// A reusable barrier for `n` tasks (n = 0 behaves as 1: never blocks). Tokio: `tokio::sync::Barrier`.
class barrier {
public:
    /// Future of wait(). Not cancel safe (as in Tokio): the arrival is counted at the first poll
    /// and stays counted if the future is destroyed before the group completes.
    class wait_future {
    public:
        explicit wait_future(barrier* b) noexcept : b_(b) {}
        wait_future(wait_future&& o) noexcept : b_(o.b_) {}
        poll_result<barrier_wait_result> poll(context& cx) {
            if (!wait_) {
                shim::lock_guard<shim::mutex> lock(b_->mu_);
                if (++b_->arrived_ < b_->n_) {
                    wait_.emplace(b_->all_.notified());  // under the lock: before the leader's wake
                } else {
                    b_->arrived_ = 0;
                    ++b_->generation_;
                    // Still under the lock, so a task of the next group cannot create its
                    // notified() future before this wake and be released by it.
                    b_->all_.notify_waiters();
                    return barrier_wait_result(true);
                }
            }
            if (wait_->poll(cx).is_pending()) return pending;
            return barrier_wait_result(false);
        }

    private:
        barrier* b_;
        std::optional<notify::notified_future> wait_;
    };

    explicit barrier(std::size_t n) noexcept : n_(n ? n : 1) {}
    barrier(const barrier&) = delete;
    barrier& operator=(const barrier&) = delete;

    /// Waits until n tasks have called wait(). Not cancel safe (as in Tokio): a destroyed wait()
    /// stays counted as an arrival. Tokio: `Barrier::wait`.
    [[nodiscard]] wait_future wait() noexcept { return wait_future(this); }

private:
    const std::size_t n_;
    shim::mutex mu_;
    std::size_t arrived_ = 0;
    std::uint64_t generation_ = 0;
    notify all_;
};

}  // namespace rt::sync
