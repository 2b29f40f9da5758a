// rt/time/entry/timer_entry.hpp — one registration in the runtime's timing wheel, owned by a timer.
//
// Tokio equivalent: runtime/time/entry.rs `TimerEntry`. sleep, interval and timeout each own one.
// It registers lazily (the first poll whose deadline is still ahead), re-registers on reset and
// unregisters when destroyed, so dropping the owner at any point leaves nothing in the wheel and no
// waker that could wake a destroyed task later. Moving it while registered relinks the node.
// Invariant: `core_` is non-null exactly while the node may be in `core_`'s wheel (queued or fired);
// the node's fields are only touched under core_->mu.
#pragma once

#include <cstddef>
#include <memory>

#include "rt/core/waker.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/wheel/timer_node.hpp"

namespace rt::time::detail {

struct time_core;

class timer_entry {
public:
    timer_entry() noexcept = default;
    timer_entry(timer_entry&& other) { adopt(other); }
    timer_entry& operator=(timer_entry&& other) {
        if (this != &other) {
            clear();
            adopt(other);
        }
        return *this;
    }
    timer_entry(const timer_entry&) = delete;
    ~timer_entry() {
        if (core_) deregister();
    }

    /// True when `deadline` has passed (the timer fired, or it is already due at the first poll);
    /// otherwise the entry is registered with cx's waker and false is returned. `known_ahead`: the
    /// caller knows the deadline was ahead a moment ago, so the clock is not read (the wheel still
    /// reports a deadline whose tick it already processed as due). Throws rt::usage_error outside
    /// a runtime or after the runtime shut down.
    bool poll_elapsed(context& cx, instant deadline, bool known_ahead = false);
    /// Moves a registered entry to `deadline`, keeping its waker (woken now if the new deadline is
    /// already processed). An entry that fired or never registered just forgets its registration.
    void reset(instant deadline);
    /// Unregisters (if registered); the next poll_elapsed starts afresh.
    void clear() {
        if (core_) deregister();
    }
    /// True when the entry fired and was not reset since.
    [[nodiscard]] bool has_fired() const;
    /// True while registered in a wheel (queued or fired).
    [[nodiscard]] bool is_registered() const noexcept { return core_ != nullptr; }

private:
    void deregister() noexcept;
    void adopt(timer_entry& other);  // takes other's registration; this one has none

    timer_node node_;
    std::shared_ptr<time_core> core_;
};

/// Timers queued in the current runtime's wheel (for tests and diagnostics); 0 outside a runtime.
std::size_t registered_timers() noexcept;
/// True while the current runtime's thread is blocked in its driver (with the clock paused: idle,
/// and not auto-advancing); false outside a runtime. For tests that must act only once the runtime
/// has gone idle.
bool driver_blocked() noexcept;

}  // namespace rt::time::detail
