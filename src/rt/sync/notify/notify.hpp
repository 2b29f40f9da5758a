// rt/sync/notify/notify.hpp — rt::sync::notify, wake one task or all waiting tasks without data
// (Tokio: `tokio::sync::Notify`).
//
// notify_one wakes the oldest waiter or, if nobody waits, stores one permit that the next
// notified() consumes at once. notify_waiters wakes every waiter that exists now (including
// notified() futures created but not yet polled, via a generation counter) and stores nothing.
// Invariants: a waiter is in the FIFO list iff it was polled pending and not yet notified; a
// notify_one delivered to a future that is destroyed before observing it is passed on to the next
// waiter (or stored), so it is never lost.
#pragma once

#include <cstdint>

#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/detail/wait_list.hpp"

namespace rt::sync {

class notify;

namespace detail {
struct notify_waiter : waiter_node {
    enum class how { none, one, all };
    how notified = how::none;
};
}  // namespace detail

/// Wakes tasks waiting in notified(). Tokio: `tokio::sync::Notify`.
class notify {
public:
    /// Future of notified(). Cancel safe in Tokio's sense: a notify_one it received but did not
    /// return is passed on when it is destroyed.
    class notified_future {
    public:
        explicit notified_future(notify* n) noexcept;
        notified_future(notified_future&& o) noexcept : n_(o.n_), gen_(o.gen_) {}
        notified_future(const notified_future&) = delete;
        notified_future& operator=(const notified_future&) = delete;
        ~notified_future();
        poll_result<void> poll(context& cx);

    private:
        notify* n_;
        std::uint64_t gen_;  // notify_waiters calls seen at creation
        detail::notify_waiter node_;
        enum class state { init, waiting, done } state_ = state::init;
    };

    notify() = default;
    notify(const notify&) = delete;
    notify& operator=(const notify&) = delete;

    /// Waits for a notification. Cancel safe: a notify_one that a destroyed notified() received
    /// but did not return passes to the next waiter (or is stored). Tokio: `Notify::notified`.
    [[nodiscard]] notified_future notified() noexcept { return notified_future(this); }
    /// Wakes the oldest waiter, or stores one permit if none waits. Tokio: `notify_one`.
    void notify_one() noexcept;
    /// Wakes every current waiter (and futures already created); stores nothing. Tokio: `notify_waiters`.
    void notify_waiters() noexcept;

private:
    void notify_one_locked(detail::wake_list& wakes) noexcept;

    shim::mutex mu_;
    detail::wait_list waiters_;
    bool permit_ = false;
    // Written under mu_; read without it when a future is created (relaxed: the poll re-checks
    // under the lock, so the value only decides which notify_waiters calls the future predates).
    shim::atomic<std::uint64_t> gen_{0};
};

}  // namespace rt::sync
