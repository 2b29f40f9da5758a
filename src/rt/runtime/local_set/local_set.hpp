// rt/runtime/local_set/local_set.hpp — rt::local_set and rt::spawn_local: tasks that stay on one thread.
//
// Tokio: `tokio::task::LocalSet`, `tokio::task::spawn_local`. A local set is a little scheduler
// that runs inside another task (or block_on): its tasks are polled only when the set is driven —
// by `run_until(fut)` or by awaiting the set — and only on the thread that first drove it, so they
// may share state that is not thread-safe. Wakes from any thread put the task back on the set's
// queue. Destroying the set cancels (destroys) its unfinished tasks.
// Invariant: the set outlives every run_until future made from it and every poll of itself.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/future.hpp"
#include "rt/runtime/local_set/local_scheduler.hpp"
#include "rt/runtime/spawn.hpp"

namespace rt {

namespace detail {

/// The future of local_set::run_until: polls `fut` with the set entered, then runs the set's tasks.
template <class F>
class run_until_future {
public:
    using inner = std::remove_cvref_t<F>;
    using output = future_output_t<inner>;

    run_until_future(local_scheduler* s, F&& f) : s_(s), fut_(std::forward<F>(f)) {}

    poll_result<output> poll(context& cx) {
        s_->check_owner();
        {
            local_scheduler::enter_scope entered(s_);  // spawn_local inside `fut` reaches the set
            auto r = fut_.poll(cx);
            if (r.is_ready()) return r;
        }
        (void)s_->tick(cx);
        return pending;
    }

private:
    local_scheduler* s_;
    F fut_;  // a reference when run_until was given an lvalue
};

}  // namespace detail

/// A set of tasks that all run on the thread driving the set. Tokio: `tokio::task::LocalSet`.
class local_set {
public:
    /// An empty set; it binds to a thread the first time it is driven. Tokio: `LocalSet::new`.
    local_set() : s_(detail::scheduler_ref::adopt(new detail::local_scheduler)) {}
    /// Cancels every unfinished task of the set (their destructors run here). Tokio: `Drop for LocalSet`.
    ~local_set() {
        if (s_) s_->shutdown(std::nullopt);
    }
    local_set(const local_set&) = delete;
    local_set& operator=(const local_set&) = delete;

    /// Spawns `f(args...)` (or a future) onto the set; it runs when the set is driven, on the
    /// set's thread. Callable from any thread. Tokio: `LocalSet::spawn_local`.
    template <class F, class... A>
    auto spawn_local(F&& f, A&&... args) {
        return detail::spawn_on(s_.get(), std::forward<F>(f), std::forward<A>(args)...);
    }

    /// A future that drives `fut` and the set's tasks together until `fut` completes; its output is
    /// fut's. Await it from a task, or `rt.block_on(set.run_until(fut))`. An lvalue future is
    /// borrowed, an rvalue moved in. Tokio: `LocalSet::run_until`.
    template <class F>
        requires future<std::remove_cvref_t<F>>
    auto run_until(F&& fut) {
        return detail::run_until_future<F>(local(), std::forward<F>(fut));
    }

    /// Drives the set until every task in it finished (awaiting the set or `block_on(set)` calls
    /// this). Tokio: `impl Future for LocalSet`.
    poll_result<void> poll(context& cx) {
        local()->check_owner();
        if (local()->tick(cx)) return pending;  // more queued: already woke cx, yields
        if (local()->owned().size() == 0) return ready();
        return pending;  // the rest wait on wakers, which come back through schedule()
    }

    /// Tasks of the set not yet finished. Tokio: no public equivalent (LocalSet's owned-task count).
    [[nodiscard]] std::size_t len() const { return s_->owned().size(); }
    /// True when no task of the set is alive. Tokio: no public equivalent.
    [[nodiscard]] bool is_empty() const { return len() == 0; }

private:
    detail::local_scheduler* local() const noexcept { return static_cast<detail::local_scheduler*>(s_.get()); }
    detail::scheduler_ref s_;
};

/// Spawns `f(args...)` onto the local set the calling task runs in (from run_until's future or one
/// of the set's tasks); throws rt::usage_error anywhere else. Tokio: `tokio::task::spawn_local`.
template <class F, class... A>
auto spawn_local(F&& f, A&&... args) {
    detail::local_scheduler* s = detail::local_scheduler::current();
    if (s == nullptr) {
        throw usage_error(
            "rt::spawn_local must be called from inside a local_set: a task of the set, or the future "
            "given to local_set::run_until; use local_set::spawn_local otherwise");
    }
    return detail::spawn_on(s, std::forward<F>(f), std::forward<A>(args)...);
}

}  // namespace rt
