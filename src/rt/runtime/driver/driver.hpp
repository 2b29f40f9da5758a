// rt/runtime/driver/driver.hpp — what a scheduler parks on: the stack of I/O, time and plain parking.
//
// An idle worker calls park(); whatever the driver watches (the reactor's epoll, the timer wheel)
// gets processed there and its wakers fired. unpark() is the only method callable from any thread.
// Invariant: an unpark() that happens before or during park() makes that park() return promptly
// (no lost wake-up).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "rt/core/thread_state.hpp"

namespace rt::detail {

class driver {
public:
    virtual ~driver() = default;
    /// Blocks until unpark(), the timeout, or an event; nullopt waits without limit, zero only polls.
    /// Fires every timer that is due when it returns.
    virtual void park(std::optional<std::chrono::nanoseconds> timeout) = 0;
    /// Makes the current or next park() return. Thread-safe.
    virtual void unpark() = 0;
    /// Called once at runtime shutdown, on the thread that shuts down, after every task is gone.
    virtual void shutdown() {}
    /// Publishes this layer to a thread that enters the runtime (e.g. the timer layer sets
    /// `ts.time_driver`), then passes the call down to the layer it wraps.
    virtual void enter(thread_state& ts) { (void)ts; }
    /// Blocking work of this runtime started: paused time must not auto-advance until the matching
    /// allow_auto_advance() (Tokio: `Clock::inhibit_auto_advance`). Thread-safe.
    virtual void inhibit_auto_advance() {}
    /// That blocking work is over; the last one lets an idle park auto-advance again (and unparks
    /// the runtime so it notices). Thread-safe.
    virtual void allow_auto_advance() {}
};

}  // namespace rt::detail
