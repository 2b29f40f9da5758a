// rt/sync/task_tracker/task_tracker.hpp — rt::sync::task_tracker: counts tracked tasks so shutdown
// can wait for all of them (tokio-util: `tokio_util::task::TaskTracker`).
//
// A tracker is a shared counter plus a closed flag; wait() completes once the tracker is closed and
// the count is zero. Track a task by spawning `tracker.track_future(fut)` or by moving a token()
// into it. Invariant: the count equals the number of live task_tracker_token objects (each tracked
// future holds one).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/notify/notify.hpp"

namespace rt::sync {
namespace detail {
struct tracker_state {
    shim::mutex mu;
    std::size_t tasks = 0;
    bool closed = false;
    notify done;  // notify_waiters whenever "closed and empty" becomes true
};
}  // namespace detail

/// Counts as one tracked task while it lives. Tokio: `TaskTrackerToken`.
class task_tracker_token {
public:
    explicit task_tracker_token(std::shared_ptr<detail::tracker_state> s) noexcept : s_(std::move(s)) {}
    task_tracker_token(task_tracker_token&&) noexcept = default;
    task_tracker_token& operator=(task_tracker_token&&) = delete;
    ~task_tracker_token();

private:
    std::shared_ptr<detail::tracker_state> s_;
};

/// A future that counts as a tracked task until it completes or is destroyed.
/// Tokio: `TrackedFuture<F>`.
template <class F>
class tracked_future {
public:
    tracked_future(F f, task_tracker_token t) : f_(std::move(f)), t_(std::move(t)) {}
    auto poll(context& cx) {
        auto r = f_.poll(cx);
        if (r.is_ready()) t_.reset();  // the task is done even if its frame lives on
        return r;
    }

private:
    F f_;
    std::optional<task_tracker_token> t_;
};

/// Tracks tasks for graceful shutdown: close(), then co_await wait(). Copies share the state.
/// Tokio: `tokio_util::task::TaskTracker`.
class task_tracker {
public:
    /// Future of wait(): ready once closed and no tracked task is left. Cancel safe.
    class wait_future {
    public:
        explicit wait_future(std::shared_ptr<detail::tracker_state> s) noexcept : s_(std::move(s)) {}
        wait_future(wait_future&& o) noexcept : s_(std::move(o.s_)) {}
        poll_result<void> poll(context& cx);

    private:
        std::shared_ptr<detail::tracker_state> s_;
        std::optional<notify::notified_future> wait_;
    };

    task_tracker() : s_(std::make_shared<detail::tracker_state>()) {}

    /// A token that counts as one task until destroyed. Tokio: `TaskTracker::token`.
    [[nodiscard]] task_tracker_token token() const;
    /// Wraps a future (e.g. an rt::task) so it counts as tracked; spawn the result.
    /// Tokio: `TaskTracker::track_future`.
    template <class F>
        requires future<F>
    [[nodiscard]] tracked_future<F> track_future(F f) const {
        return tracked_future<F>(std::move(f), token());
    }
    /// No more tasks are expected: wait() may complete. Tokio: `close`.
    void close() const;
    /// Undoes close(). Returns true if it was closed. Tokio: `reopen`.
    bool reopen() const;
    /// True after close(). Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() const;
    /// Tracked tasks alive now. Tokio: `len`.
    [[nodiscard]] std::size_t len() const;
    /// True when no tracked task is alive. Tokio: `is_empty`.
    [[nodiscard]] bool is_empty() const { return len() == 0; }
    /// Waits until closed and empty. Cancel safe. Tokio: `TaskTracker::wait`.
    [[nodiscard]] wait_future wait() const { return wait_future(s_); }

private:
    std::shared_ptr<detail::tracker_state> s_;
};

}  // namespace rt::sync
