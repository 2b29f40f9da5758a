// rt/time/clock/clock.hpp — the clock a runtime's timer layer owns: real time, or paused test time.
//
// Tokio equivalent: runtime/time/clock (the `test-util` clock). Unpaused, now() = steady now +
// offset (the offset is what pausing and advancing left behind, so time never jumps back after
// resume()). Paused, now() is a frozen value that only advance()/auto-advance move.
// Invariants: now() never decreases; writers hold `mu_` (they run on the runtime's thread, pausing
// is only allowed on current_thread runtimes), readers on any thread use the atomics only.
#pragma once

#include <chrono>
#include <cstdint>

#include "rt/shim/sync.hpp"
#include "rt/time/clock/instant.hpp"

namespace rt::time::detail {

class clock {
public:
    explicit clock(bool start_paused)
        : origin_(instant::clock_type::now()), paused_(start_paused) {}

    /// The instant ticks are counted from.
    [[nodiscard]] instant origin() const noexcept { return instant::from_std(origin_); }

    [[nodiscard]] instant now() const noexcept {
        // acquire pairs with the release stores of pause/resume: the frozen value (or offset)
        // written before the flag flipped is the one read after it.
        if (paused_.load(std::memory_order_acquire)) {
            return instant::from_std(origin_ + std::chrono::nanoseconds(frozen_ns_.load(std::memory_order_relaxed)));
        }
        return instant::from_std(instant::clock_type::now() +
                                 std::chrono::nanoseconds(offset_ns_.load(std::memory_order_relaxed)));
    }

    [[nodiscard]] bool paused() const noexcept { return paused_.load(std::memory_order_acquire); }

    /// Freezes time at now(); false when it already was frozen.
    bool pause() {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (paused()) return false;
        frozen_ns_.store((now() - origin()).count(), std::memory_order_relaxed);
        paused_.store(true, std::memory_order_release);
        return true;
    }

    /// Lets time run again from the frozen value; false when it was not frozen.
    bool resume() {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (!paused()) return false;
        const auto real = instant::clock_type::now() - origin_;
        offset_ns_.store(frozen_ns_.load(std::memory_order_relaxed) - real.count(), std::memory_order_relaxed);
        paused_.store(false, std::memory_order_release);
        return true;
    }

    /// Moves frozen time forward to `t` (no-op if it is not later); false when not frozen.
    bool advance_to(instant t) {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (!paused()) return false;
        const std::int64_t target = (t - origin()).count();
        if (target > frozen_ns_.load(std::memory_order_relaxed)) frozen_ns_.store(target, std::memory_order_relaxed);
        return true;
    }

private:
    const instant::clock_type::time_point origin_;
    shim::mutex mu_;
    shim::atomic<bool> paused_;
    shim::atomic<std::int64_t> frozen_ns_{0};  // paused time, ns since origin_
    shim::atomic<std::int64_t> offset_ns_{0};  // added to the steady clock while running
};

}  // namespace rt::time::detail
