// rt/time/interval/interval.hpp — rt::time::interval / interval_at: ticks at a fixed period.
//
// Tokio equivalent: `tokio::time::{interval, interval_at, Interval, MissedTickBehavior}`. tick()
// completes with the instant the tick was scheduled for. When ticks were missed (the owner was
// busy for longer than a period), the missed_tick_behavior decides the next deadline, exactly as
// Tokio defines it (a tick counts as missed only when it is taken more than 5 ms late):
//   burst (default): the missed ticks fire back to back, then the original schedule resumes;
//   delay:           the next tick is one period after the late one was taken;
//   skip:            missed ticks are dropped; the next is the next point of the original grid.
// Invariant: `next_` is the deadline of the next tick; the entry is registered only while a tick
// is pending, so dropping the interval (or a tick future) at any point leaves the wheel clean.
#pragma once

#include <chrono>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/entry/timer_entry.hpp"

namespace rt::time {

/// What an interval does about ticks it missed. Tokio: `tokio::time::MissedTickBehavior`.
enum class missed_tick_behavior {
    burst,  ///< fire the missed ticks as fast as possible, keep the original grid (default)
    delay,  ///< restart the schedule one period after the late tick
    skip,   ///< drop missed ticks, fire at the next grid point after now
};

class interval_timer;

/// The future of interval_timer::tick(): completes with the tick's scheduled instant. Cancel safe:
/// dropping it loses no tick. Tokio: the future of `Interval::tick`.
class tick_future {
public:
    explicit tick_future(interval_timer& timer) noexcept : timer_(&timer) {}
    poll_result<instant> poll(context& cx);

private:
    interval_timer* timer_;
};

/// A stream of ticks `period` apart; the first completes at `start`. Tokio: `tokio::time::Interval`.
class interval_timer {
public:
    /// Throws rt::usage_error when `period` is not positive (Tokio panics).
    interval_timer(instant start, std::chrono::nanoseconds period);

    /// Waits for the next tick: `instant t = co_await iv.tick();`. Tokio: `Interval::tick`.
    [[nodiscard]] tick_future tick() noexcept { return tick_future(*this); }
    /// Polls for the next tick. Tokio: `Interval::poll_tick`.
    poll_result<instant> poll_tick(context& cx);

    /// The next tick comes one period from now. Tokio: `Interval::reset`.
    void reset() { reset_at(instant::now() + period_); }
    /// The next tick comes at once. Tokio: `Interval::reset_immediately`.
    void reset_immediately() { reset_at(instant::now()); }
    /// The next tick comes `after` from now. Tokio: `Interval::reset_after`.
    void reset_after(std::chrono::nanoseconds after) { reset_at(instant::now() + after); }
    /// The next tick comes at `deadline`. Tokio: `Interval::reset_at`.
    void reset_at(instant deadline);

    /// The behaviour for missed ticks. Tokio: `Interval::missed_tick_behavior`.
    [[nodiscard]] time::missed_tick_behavior missed_tick_behavior() const noexcept { return behavior_; }
    /// Sets it. Tokio: `Interval::set_missed_tick_behavior`.
    void set_missed_tick_behavior(time::missed_tick_behavior b) noexcept { behavior_ = b; }
    /// The period. Tokio: `Interval::period`.
    [[nodiscard]] std::chrono::nanoseconds period() const noexcept { return period_; }

private:
    [[nodiscard]] instant next_after_late_tick(instant scheduled, instant now) const noexcept;

    instant next_;
    std::chrono::nanoseconds period_;
    time::missed_tick_behavior behavior_ = missed_tick_behavior::burst;
    time::detail::timer_entry entry_;
};

inline poll_result<instant> tick_future::poll(context& cx) { return timer_->poll_tick(cx); }

/// Ticks every `period`, the first at once. Tokio: `tokio::time::interval`.
[[nodiscard]] inline interval_timer interval(std::chrono::nanoseconds period) {
    return interval_timer(instant::now(), period);
}
/// Ticks every `period`, the first at `start`. Tokio: `tokio::time::interval_at`.
[[nodiscard]] inline interval_timer interval_at(instant start, std::chrono::nanoseconds period) {
    return interval_timer(start, period);
}

}  // namespace rt::time
