// rt/time/timeout/timeout.hpp — rt::time::timeout / timeout_at: bound a future by a deadline.
//
// Tokio equivalent: `tokio::time::{timeout, timeout_at, Timeout}`. The timeout is itself a future
// (so it composes with co_await, select and join); each poll polls the inner future first, so a
// future that is ready at its first poll completes without touching the timer wheel, whatever the
// deadline (even a past one). On expiry the inner future is destroyed at once (cancellation: its
// destructors run), and the result is `elapsed`.
// Invariants: the inner future is never polled after it completed or was destroyed; if the inner
// future used up the coop budget, the deadline is still checked (unconstrained), so a busy inner
// future cannot keep a timeout from firing.
#pragma once

#include <chrono>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/entry/timer_entry.hpp"
#include "rt/time/timeout/timeout_result.hpp"

namespace rt::time {

/// The future of timeout()/timeout_at(): completes with timeout_result<output of F>.
/// Tokio: `tokio::time::Timeout`.
template <future F>
class timeout_future {
public:
    using inner_output = future_output_t<F>;
    using output = timeout_result<inner_output>;

    /// Times out at `deadline`. Tokio: `timeout_at`.
    timeout_future(F inner, instant deadline) : inner_(std::in_place, std::move(inner)), deadline_(deadline) {}
    /// Times out `duration` after the first poll that finds the inner future pending (so a future
    /// that is ready at once costs no clock read). Tokio: `timeout`.
    timeout_future(F inner, std::chrono::nanoseconds duration)
        : inner_(std::in_place, std::move(inner)), duration_(duration), has_deadline_(false) {}

    poll_result<output> poll(context& cx) {
        if (!inner_) throw usage_error("rt::time::timeout polled again after it elapsed");
        const bool had_budget = coop::has_budget_remaining();
        auto r = inner_->poll(cx);
        if (r.is_ready()) {
            if constexpr (std::is_void_v<inner_output>) {
                return output();
            } else {
                return output(r.take());
            }
        }
        bool known_ahead = false;
        if (!has_deadline_) {
            deadline_ = instant::now() + duration_;
            has_deadline_ = true;
            known_ahead = duration_.count() > 0;  // no second clock read to register it
        }
        // The inner future spent the last of the budget: check the deadline anyway (Tokio does the
        // same), else a busy inner future would postpone the timeout forever.
        const bool starved_by_inner = had_budget && !coop::has_budget_remaining();
        bool elapsed_now;
        if (starved_by_inner) {
            coop::budget_scope unconstrained(-1);
            elapsed_now = delay_.poll_elapsed(cx, deadline_, known_ahead);
        } else {
            if (!coop::poll_proceed(cx)) return pending;
            elapsed_now = delay_.poll_elapsed(cx, deadline_, known_ahead);
            if (elapsed_now) coop::consume();
        }
        if (!elapsed_now) return pending;
        inner_.reset();  // cancel the inner future now
        delay_.clear();
        return output(elapsed);
    }

    /// The deadline, once it is known (timeout_at: always; timeout: after the first pending poll).
    [[nodiscard]] std::optional<instant> deadline() const noexcept {
        return has_deadline_ ? std::optional<instant>(deadline_) : std::nullopt;
    }
    /// The inner future, while it is still there. Tokio: `Timeout::get_ref`.
    [[nodiscard]] F* get() noexcept { return inner_ ? &*inner_ : nullptr; }

private:
    std::optional<F> inner_;
    instant deadline_;
    std::chrono::nanoseconds duration_{0};
    bool has_deadline_ = true;
    time::detail::timer_entry delay_;
};

/// Runs `fut` with a time limit of `duration`, counted from the first poll that finds it pending
/// (for `co_await timeout(...)`, the co_await): completes with the future's value, or elapsed.
/// `co_await rt::time::timeout(1s, some_task())` works with any future, rt::task included.
/// Tokio: `tokio::time::timeout`.
template <class F>
    requires future<std::remove_cvref_t<F>>
[[nodiscard]] timeout_future<std::remove_cvref_t<F>> timeout(std::chrono::nanoseconds duration, F&& fut) {
    return timeout_future<std::remove_cvref_t<F>>(std::forward<F>(fut), duration);
}

/// Runs `fut` until `deadline`. Tokio: `tokio::time::timeout_at`.
template <class F>
    requires future<std::remove_cvref_t<F>>
[[nodiscard]] timeout_future<std::remove_cvref_t<F>> timeout_at(instant deadline, F&& fut) {
    return timeout_future<std::remove_cvref_t<F>>(std::forward<F>(fut), deadline);
}

}  // namespace rt::time
