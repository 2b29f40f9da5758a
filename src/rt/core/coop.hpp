// rt/core/coop.hpp — cooperative scheduling budget.
//
// Tokio equivalent: `tokio::task::coop`. Each task poll gets a budget of 128 operations; every rt
// leaf future that completes spends one. When it is spent, leaves report pending (after arranging a
// wake) so a task that is always ready still yields to the scheduler, its timers and its I/O.
#pragma once

#include "rt/core/thread_state.hpp"
#include "rt/core/waker.hpp"

namespace rt::coop {

/// Operations a task may complete per poll before it is forced to yield. Tokio: `Budget(Some(128))`.
inline constexpr int initial_budget = 128;

/// True when the current task may make progress; otherwise arranges a deferred wake of `cx` and
/// returns false (the caller returns `rt::pending`). Tokio: `coop::poll_proceed`.
inline bool poll_proceed(const context& cx) {
    auto& st = detail::tls();
    if (st.budget != 0) return true;
    detail::defer_wake(cx.waker());
    return false;
}

/// Spends one unit of budget after an operation completed. Tokio: `RestoreOnPending::made_progress`.
inline void consume() noexcept {
    auto& st = detail::tls();
    if (st.budget > 0) --st.budget;
}

/// True when the current task still has budget (or runs unconstrained). Tokio: `coop::has_budget_remaining`.
inline bool has_budget_remaining() noexcept { return detail::tls().budget != 0; }

/// Runs with a fresh budget for one task poll; restores the previous budget after.
class budget_scope {
public:
    explicit budget_scope(int budget = initial_budget) noexcept : saved_(detail::tls().budget) {
        detail::tls().budget = budget;
    }
    ~budget_scope() { detail::tls().budget = saved_; }
    budget_scope(const budget_scope&) = delete;
    budget_scope& operator=(const budget_scope&) = delete;

private:
    int saved_;
};

}  // namespace rt::coop
