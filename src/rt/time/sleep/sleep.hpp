// rt/time/sleep/sleep.hpp — rt::time::sleep / sleep_until and the sleep_future they return.
//
// Tokio equivalent: `tokio::time::{sleep, sleep_until, Sleep}`. A sleep registers in the runtime's
// timing wheel at its first pending poll and completes at the first driver turn at or after its
// deadline (rounded up to the wheel's 1 ms tick, so never early; a driver turn fires every timer
// that is due, and a multi_thread worker runs them ahead of fresh spawns). Invariants: a sleep never
// completes at its first poll — one whose deadline has already passed yields once (so
// `co_await sleep(0ms)` is a yield point, like yield_now) and completes at the next poll (sleep(d)
// judges "already passed" by the time it was created, sleep_until by the time of its first poll);
// destroying it at any point unregisters it.
#pragma once

#include <chrono>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/core/thread_state.hpp"
#include "rt/core/waker.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/entry/timer_entry.hpp"

namespace rt::time {

/// The future of sleep()/sleep_until(): completes (void) once its deadline is reached; can be
/// moved to a new deadline with reset(). Tokio: `tokio::time::Sleep`.
class sleep_future {
public:
    explicit sleep_future(instant deadline) noexcept : deadline_(deadline) {}
    /// A sleep created at `now` (saves sleep() a second clock read at the first poll).
    sleep_future(instant deadline, instant now) noexcept : deadline_(deadline), created_(now), has_created_(true) {}

    /// Completes once the deadline has passed; spends one unit of coop budget. Tokio: `Sleep::poll`.
    poll_result<void> poll(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        bool ahead = false;
        if (!polled_) {
            polled_ = true;
            if (deadline_ <= (has_created_ ? created_ : instant::now())) {
                rt::detail::defer_wake(cx.waker());  // already due: yield once, touch no wheel
                return pending;
            }
            ahead = true;
        }
        if (!entry_.poll_elapsed(cx, deadline_, ahead)) return pending;
        done_ = true;
        coop::consume();
        return ready();
    }

    /// The instant this sleep completes at. Tokio: `Sleep::deadline`.
    [[nodiscard]] instant deadline() const noexcept { return deadline_; }
    /// True once the sleep completed or its timer fired. Tokio: `Sleep::is_elapsed`.
    [[nodiscard]] bool is_elapsed() const { return done_ || entry_.has_fired(); }
    /// Moves the deadline (earlier or later, also after completion: it can then complete again).
    /// A registered sleep keeps its waker, so a task waiting on it wakes at the new deadline.
    /// Tokio: `Sleep::reset`.
    void reset(instant deadline) {
        deadline_ = deadline;
        done_ = false;
        entry_.reset(deadline);
    }

private:
    instant deadline_;
    instant created_;
    time::detail::timer_entry entry_;
    bool has_created_ = false;
    bool polled_ = false;
    bool done_ = false;
};

/// A future that completes at `deadline`. Tokio: `tokio::time::sleep_until`.
[[nodiscard]] inline sleep_future sleep_until(instant deadline) noexcept { return sleep_future(deadline); }

/// A future that completes `duration` from now (the runtime's clock). `sleep(0ms)` yields once.
/// Tokio: `tokio::time::sleep`.
[[nodiscard]] inline sleep_future sleep(std::chrono::nanoseconds duration) noexcept {
    const instant now = instant::now();
    return sleep_future(now + duration, now);
}

}  // namespace rt::time
