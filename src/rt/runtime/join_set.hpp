// rt/runtime/join_set.hpp — rt::join_set<T>: a set of spawned tasks awaited in completion order.
//
// Tokio: `tokio::task::JoinSet`. spawn() adds a task; join_next() completes with the output of
// whichever finishes first (an empty optional when the set is empty), rethrowing that task's
// exception or rt::cancelled_error (the task is removed either way); abort_all() cancels every
// member, shutdown() cancels and awaits them all. Destroying the set aborts every task.
// Invariant: every member's join handle lives in `handles_` until its output was taken.
#pragma once

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/runtime/spawn.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt {

/// What join_next() gives for a `join_set<void>`: one task finished. Tokio: `()`.
struct joined {};

/// A collection of tasks of the same output type. Tokio: `tokio::task::JoinSet<T>`.
template <class T>
class join_set {
public:
    using output = std::conditional_t<std::is_void_v<T>, joined, T>;

    join_set() = default;
    join_set(join_set&&) noexcept = default;
    join_set& operator=(join_set&& o) noexcept {
        abort_all();
        handles_ = std::move(o.handles_);
        return *this;
    }
    /// Aborts every task still in the set. Tokio: `Drop for JoinSet`.
    ~join_set() { abort_all(); }

    /// Spawns `f(args...)` on the current runtime into the set; returns its abort handle.
    /// Tokio: `JoinSet::spawn`.
    template <class F, class... A>
    abort_handle spawn(F&& f, A&&... args) {
        auto h = rt::spawn(std::forward<F>(f), std::forward<A>(args)...);
        static_assert(std::is_same_v<decltype(h), join_handle<T>>, "the task's output type must be T");
        abort_handle ah = h.get_abort_handle();
        handles_.push_back(std::move(h));
        return ah;
    }

    /// Future of join_next(). Tokio: `JoinSet::join_next`.
    class join_next_future {
    public:
        explicit join_next_future(join_set* s) noexcept : s_(s) {}
        poll_result<std::optional<output>> poll(context& cx) {
            if (s_->handles_.empty()) return std::optional<output>{};
            if (!coop::poll_proceed(cx)) return pending;
            // Polling a pending member registers our waker with it; the first finished one wins.
            for (std::size_t i = 0; i < s_->handles_.size(); ++i) {
                if (auto r = s_->poll_member(i, cx); r.is_ready()) return r;
            }
            return pending;
        }

    private:
        join_set* s_;
    };

    /// Waits for the next task to finish and gives its output; empty when the set is empty.
    /// Rethrows the task's exception (rt::cancelled_error if aborted). Tokio: `JoinSet::join_next`.
    [[nodiscard]] join_next_future join_next() noexcept { return join_next_future(this); }

    /// The output of a task that already finished, without waiting; empty if none has.
    /// Tokio: `JoinSet::try_join_next`.
    std::optional<output> try_join_next() {
        for (std::size_t i = 0; i < handles_.size(); ++i) {
            if (handles_[i].is_finished()) {
                const waker w = noop_waker();
                context cx(w);
                coop::budget_scope unconstrained(-1);  // a finished task is read at once
                auto r = poll_member(i, cx);
                if (r.is_ready()) return r.take();
            }
        }
        return std::nullopt;
    }

    /// Aborts every task; they stay in the set until joined. Tokio: `JoinSet::abort_all`.
    void abort_all() noexcept {
        for (auto& h : handles_) h.abort();
    }

    /// Future of shutdown(): aborts all, then joins every task, discarding outputs and errors.
    class shutdown_future {
    public:
        explicit shutdown_future(join_set* s) noexcept : s_(s) { s_->abort_all(); }
        poll_result<void> poll(context& cx) {
            while (!s_->handles_.empty()) {
                try {
                    join_next_future next(s_);
                    if (next.poll(cx).is_pending()) return pending;
                } catch (...) {
                    // Outputs and errors of the members are dropped, as Tokio's shutdown does.
                }
            }
            return ready();
        }

    private:
        join_set* s_;
    };
    /// Aborts every task and waits until all have stopped. Tokio: `JoinSet::shutdown`.
    [[nodiscard]] shutdown_future shutdown() noexcept { return shutdown_future(this); }

    /// Tasks in the set (finished ones count until joined). Tokio: `JoinSet::len`.
    [[nodiscard]] std::size_t len() const noexcept { return handles_.size(); }
    /// True when the set holds no task. Tokio: `JoinSet::is_empty`.
    [[nodiscard]] bool is_empty() const noexcept { return handles_.empty(); }

    /// Detaches every task (they keep running) and empties the set. Tokio: `JoinSet::detach_all`.
    void detach_all() noexcept { handles_.clear(); }

private:
    /// Polls member i; when it finished, removes it and returns its output (rethrowing its error).
    poll_result<std::optional<output>> poll_member(std::size_t i, context& cx) {
        try {
            if constexpr (std::is_void_v<T>) {
                if (handles_[i].poll(cx).is_pending()) return pending;
                remove(i);
                return std::optional<output>(joined{});
            } else {
                auto r = handles_[i].poll(cx);
                if (r.is_pending()) return pending;
                remove(i);
                return std::optional<output>(r.take());
            }
        } catch (...) {
            remove(i);
            throw;
        }
    }
    void remove(std::size_t i) {
        if (i + 1 != handles_.size()) handles_[i] = std::move(handles_.back());
        handles_.pop_back();
    }

    std::vector<join_handle<T>> handles_;
};

}  // namespace rt
