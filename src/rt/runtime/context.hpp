// rt/runtime/context.hpp — entering a runtime on the current thread.
//
// While a thread runs a scheduler (block_on, a worker loop, shutdown) its thread_state names that
// scheduler, so spawn(), handle::current() and the leaf futures find the runtime. The guard
// restores the previous state, so exceptions escaping block_on leave the thread clean.
#pragma once

#include <cstdint>
#include <utility>

#include "rt/core/thread_state.hpp"
#include "rt/runtime/driver/driver.hpp"

namespace rt::detail {

class scheduler;

/// This thread's "may block inside a runtime context" flag (see blocking_region_guard).
bool& blocking_region_flag() noexcept;

/// The generator state for a seed: every seed gives its own (non-zero) xorshift state. A
/// splitmix64 finaliser, so seeds that differ in one bit (42 and 43) start far apart.
constexpr std::uint64_t seed_state(std::uint64_t seed) noexcept {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return z != 0 ? z : 0x9E3779B97F4A7C15ull;  // xorshift must not be zero
}

class enter_guard {
public:
    enter_guard(scheduler* s, defer_sink* defer, std::uint64_t rng_seed, driver* d) noexcept
        : saved_(tls()), saved_region_(std::exchange(blocking_region_flag(), false)) {
        thread_state& ts = tls();
        ts.scheduler = s;
        ts.defer = defer;
        ts.rng = seed_state(rng_seed);
        if (d) d->enter(ts);
    }
    ~enter_guard() {
        tls() = saved_;
        blocking_region_flag() = saved_region_;
    }
    enter_guard(const enter_guard&) = delete;
    enter_guard& operator=(const enter_guard&) = delete;

private:
    thread_state saved_;
    bool saved_region_;  // entering a scheduler ends any blocking region until the guard goes
};

/// True while the calling thread may block although it is inside a runtime context: on blocking
/// pool threads and inside block_in_place (Tokio lets both call `Handle::block_on`).
bool in_blocking_region() noexcept;

/// Marks the calling thread as allowed to block for the guard's lifetime.
class blocking_region_guard {
public:
    blocking_region_guard() noexcept;
    ~blocking_region_guard();
    blocking_region_guard(const blocking_region_guard&) = delete;
    blocking_region_guard& operator=(const blocking_region_guard&) = delete;

private:
    bool saved_;
};

/// Throws rt::usage_error when the calling thread already runs a runtime (Tokio panics with
/// "Cannot start a runtime from within a runtime").
void ensure_not_in_runtime(const char* what);

}  // namespace rt::detail
