// rt/time/driver/time_core.hpp — the state a runtime's timers share: clock, wheel and parking facts.
//
// Timer objects (sleep, interval, timeout) keep a shared_ptr to it while registered, so one that
// outlives its runtime can still unregister safely. Invariant: `mu` guards the wheel, every field
// of every node registered in it, and the parking fields below. One mutex for all of it because
// registration, cancellation and firing all edit the same slot lists, and a registration from
// another worker must see, atomically with its insert, whether the parked thread sleeps past the
// new deadline (then it unparks it). The clock has its own synchronisation.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>

#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"
#include "rt/shim/sync.hpp"
#include "rt/time/clock/clock.hpp"
#include "rt/time/wheel/wheel.hpp"

namespace rt::time::detail {

struct time_core {
    explicit time_core(const rt::detail::runtime_config& config)
        : clk(config.start_paused), current_thread(config.flavor == rt::detail::flavor::current_thread) {}

    shim::mutex mu;
    wheel wh;
    clock clk;
    rt::detail::driver* inner = nullptr;  // to unpark; null after shutdown
    bool in_park = false;                 // a thread is blocked in inner->park
    std::uint64_t park_until = std::numeric_limits<std::uint64_t>::max();  // tick it wakes at by itself
    bool shut_down = false;
    const bool current_thread;            // pause() is only allowed there (as in Tokio)

    /// The first tick at or after `t` (deadlines round up: a timer never fires early).
    [[nodiscard]] std::uint64_t deadline_tick(instant t) const noexcept {
        if (t <= clk.origin()) return 0;  // compare first: the difference could overflow
        const auto ns = (t - clk.origin()).count();
        const auto ms = static_cast<std::uint64_t>(ns / 1'000'000) + (ns % 1'000'000 != 0 ? 1 : 0);
        return ms < wheel::max_tick ? ms : wheel::max_tick;
    }
    /// The last whole tick at or before `t`.
    [[nodiscard]] std::uint64_t tick_at(instant t) const noexcept {
        if (t <= clk.origin()) return 0;
        return static_cast<std::uint64_t>((t - clk.origin()).count() / 1'000'000);
    }
    [[nodiscard]] instant instant_of(std::uint64_t tick) const noexcept {
        return clk.origin() + std::chrono::milliseconds(static_cast<std::int64_t>(tick));
    }
};

/// The time core of the runtime this thread runs in, or null.
time_core* try_current_core() noexcept;
/// The shared owner of that core; throws rt::usage_error naming `what` outside a runtime.
const std::shared_ptr<time_core>& current_core(const char* what);

}  // namespace rt::time::detail
