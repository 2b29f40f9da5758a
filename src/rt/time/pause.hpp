// rt/time/pause.hpp — test time: pause, resume and advance the runtime's clock.
//
// Tokio equivalent: `tokio::time::{pause, resume, advance}` (the `test-util` feature) and
// `Builder::start_paused`. While paused, time moves only through advance() and auto-advance: when
// the runtime has nothing to run, the clock jumps to the next timer's deadline, so an hour-long
// timeout in a test completes in microseconds, deterministically. Invariant: only a current_thread
// runtime can be paused (as in Tokio); misuse throws rt::usage_error.
#pragma once

#include <chrono>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"

namespace rt::time {

/// Freezes the current runtime's clock. Throws rt::usage_error outside a current_thread runtime or
/// when it is already paused. Tokio: `tokio::time::pause`.
void pause();
/// Lets the clock run again from where it stands. Throws rt::usage_error when it is not paused.
/// Tokio: `tokio::time::resume`.
void resume();
/// True when the current runtime's clock is paused (false outside a runtime).
[[nodiscard]] bool is_paused() noexcept;

/// The future of advance(): moves paused time forward at its first poll, then yields once so the
/// timers that became due fire before it completes. Tokio: `tokio::time::advance`.
class advance_future {
public:
    explicit advance_future(std::chrono::nanoseconds by) noexcept : by_(by) {}
    poll_result<void> poll(context& cx);

private:
    std::chrono::nanoseconds by_;
    bool advanced_ = false;
};

/// Moves paused time forward by exactly `duration`: `co_await rt::time::advance(1s);`. Throws
/// rt::usage_error (at the first poll) when the clock is not paused. Tokio: `tokio::time::advance`.
[[nodiscard]] inline advance_future advance(std::chrono::nanoseconds duration) noexcept {
    return advance_future(duration);
}

}  // namespace rt::time
