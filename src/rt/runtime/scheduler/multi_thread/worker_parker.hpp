// rt/runtime/scheduler/multi_thread/worker_parker.hpp — how one worker sleeps and is woken.
//
// Tokio: runtime/scheduler/multi_thread/park.rs. A sleeping worker either blocks in the shared
// driver (only one at a time: whoever wins the driver's try-lock, so I/O and timers are served by
// an idle worker) or on a futex on its own state word (one syscall to sleep, one to wake: a
// condition variable costs a third, the woken thread's mutex re-lock waking the unlocker).
// unpark() knows which from the state word and wakes the right one. Invariant: an unpark() before
// or during park() makes that park() return (NOTIFIED is consumed exactly once), so no wake is lost.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rt/runtime/driver/driver.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class worker_parker {
public:
    /// Sleeps until unpark(). Blocks in `drv` (processing its events and due timers) when
    /// `driver_mu` is free, else on the futex.
    void park(driver& drv, shim::mutex& driver_mu) {
        // acq_rel: consuming NOTIFIED makes the unparker's earlier writes (queued tasks) visible.
        std::uint32_t expected = notified;
        if (state_.compare_exchange_strong(expected, empty, std::memory_order_acq_rel)) return;
        if (driver_mu.try_lock()) {
            park_driver(drv);
            driver_mu.unlock();
        } else {
            park_sleep();
        }
    }

    /// Polls the driver without blocking, if no other worker holds it (maintenance).
    static void poll_driver(driver& drv, shim::mutex& driver_mu) {
        if (driver_mu.try_lock()) {
            drv.park(std::chrono::nanoseconds::zero());
            driver_mu.unlock();
        }
    }

    /// Wakes the worker from park(), or makes its next park() return at once. Any thread.
    void unpark(driver& drv) {
        // acq_rel: our queued work happens-before the parked side's NOTIFIED consumption, and we
        // read which way it sleeps.
        switch (state_.exchange(notified, std::memory_order_acq_rel)) {
            case parked_sleep:
                // The sleeper re-checks the word before blocking (futex_wait compares it in the
                // kernel), so a wake that lands before it blocks is not lost.
                shim::futex_wake_one(state_);
                break;
            case parked_driver:
                drv.unpark();
                break;
            default:
                break;  // EMPTY or NOTIFIED: the worker runs and will see NOTIFIED
        }
    }

private:
    enum : std::uint32_t { empty = 0, parked_sleep = 1, parked_driver = 2, notified = 3 };

    void park_driver(driver& drv) {
        std::uint32_t expected = empty;
        if (!state_.compare_exchange_strong(expected, parked_driver, std::memory_order_acq_rel)) {
            state_.store(empty, std::memory_order_release);  // NOTIFIED raced in: consume it
            return;
        }
        drv.park(std::nullopt);  // returns on drv.unpark(), an event or the next timer
        // acq_rel: consume a NOTIFIED that arrived meanwhile, with its writes visible.
        state_.exchange(empty, std::memory_order_acq_rel);
    }

    void park_sleep() {
        std::uint32_t expected = empty;
        // acq_rel: on failure the state is NOTIFIED and we consume it below with its writes visible.
        if (!state_.compare_exchange_strong(expected, parked_sleep, std::memory_order_acq_rel)) {
            state_.store(empty, std::memory_order_release);
            return;
        }
        // Only unpark() changes PARKED_SLEEP (to NOTIFIED); the futex returns at once if it did
        // already, and spurious returns loop. acquire: the unparker's queued work is visible.
        while (state_.load(std::memory_order_acquire) == parked_sleep) shim::futex_wait(state_, parked_sleep);
        state_.store(empty, std::memory_order_release);
    }

    shim::atomic<std::uint32_t> state_{empty};
};

}  // namespace rt::detail
