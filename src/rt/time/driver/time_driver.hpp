// rt/time/driver/time_driver.hpp — the timer layer of the driver stack (over the reactor/parker).
//
// Tokio equivalent: runtime/time/mod.rs `Driver`. park(): compute how long to block from the next
// wheel deadline, park the inner driver that long, then fire every timer due at that moment,
// earliest first, in batches of fire_batch (wakers are woken after the mutex is released, so other
// workers can register timers between batches), then bring down a little of the next block's
// timers from the wheel's coarse levels (all of it before blocking). With the clock paused and the
// scheduler idle (park without a timeout) it auto-advances: time jumps to the next deadline
// instead of blocking — unless blocking work of the runtime is in flight (spawn_blocking), which
// may still wake a task: then it blocks until woken, as Tokio does.
// Invariant: only one thread parks at a time (the one holding the scheduler's driver); unpark()
// and timer registration may come from any thread.
#pragma once

#include <memory>
#include <vector>

#include "rt/runtime/driver/driver.hpp"
#include "rt/shim/sync.hpp"
#include "rt/time/driver/time_core.hpp"

namespace rt::time::detail {

class time_driver final : public rt::detail::driver {
public:
    time_driver(const rt::detail::runtime_config& config, std::unique_ptr<rt::detail::driver> inner);
    ~time_driver() override;

    void park(std::optional<std::chrono::nanoseconds> timeout) override;
    void unpark() override;
    void shutdown() override;
    void enter(rt::detail::thread_state& ts) override;
    void inhibit_auto_advance() override;
    void allow_auto_advance() override;

    [[nodiscard]] const std::shared_ptr<time_core>& core() const noexcept { return core_; }

private:
    void fire_expired();

    /// Timers fired (or brought down a level) per hold of the wheel's mutex (Tokio wakes in
    /// batches of 32 for the same reason).
    static constexpr std::size_t fire_batch = 128;
    /// Batches of the next block's cascade done per driver poll (see wheel.hpp): ~13 µs each at
    /// one cache miss (~100 ns) per node; 2 polls per ms keep up with 32,000 timers per 64 ms
    /// block, and what is left when the block starts is done then (in batches too).
    static constexpr std::size_t cascade_batches_per_poll = 2;

    std::shared_ptr<time_core> core_;
    std::unique_ptr<rt::detail::driver> inner_;
    // Set by unpark() (a wake from another thread), cleared by park: auto-advance must not jump
    // time while a wake is pending.
    shim::atomic<bool> woken_{false};
    // Blocking tasks of the runtime in flight (queued or running); auto-advance only at zero.
    shim::atomic<std::size_t> inhibit_{0};
    // The wakers fire_expired collects, kept between parks so a burst allocates once. Touched only
    // by the thread inside park() (one at a time, see the invariant above).
    std::vector<rt::waker> fired_;
};

}  // namespace rt::time::detail
