// rt/core/thread_state.hpp — the per-thread facts every area needs while a task is being polled.
//
// The scheduler that polls a task fills these in (current task id, coop budget, where deferred
// wakes go); leaf futures in sync/time/net read them. Kept in core so that no area has to import
// the runtime module. Invariant: each field is only ever touched by its own thread, and the state
// is trivially destructible, so it stays valid for code that runs in thread_local destructors at
// thread exit (a runtime run from there, issue #14 item 1), whatever order they run in.
#pragma once

#include <cstdint>
#include <exception>

#include "rt/core/waker.hpp"

namespace rt::detail {

/// Where `defer_wake` sends a waker: the scheduler's "wake after the driver poll" list.
struct defer_sink {
    void (*push)(void* self, const waker& w);
    void* self;
};

/// The exception in flight (see stash_in_flight_error) in storage with a trivial destructor. It is
/// empty whenever the thread can exit: the hand-over it serves is immediate.
struct in_flight_slot {
    alignas(std::exception_ptr) unsigned char bytes[sizeof(std::exception_ptr)]{};
    bool full = false;
};

struct thread_state {
    std::uint64_t task_id = 0;      // id of the task being polled, 0 outside tasks
    int budget = -1;                // coop budget left in this poll; -1 = unconstrained
    defer_sink* defer = nullptr;    // set while a scheduler runs on this thread
    void* scheduler = nullptr;      // the rt::detail::scheduler whose core this thread holds
    void* time_driver = nullptr;    // the runtime's timer driver, when it has one
    void* io_driver = nullptr;      // the runtime's reactor, when it has one
    std::uint64_t rng = 0x9E3779B97F4A7C15ull;  // xorshift state; seeded by the runtime (rng_seed)
    in_flight_slot in_flight_error;      // see stash_in_flight_error (task.hpp)
};

/// This thread's state.
thread_state& tls() noexcept;

/// A pseudo-random number in [0, n) from this thread's generator (seeded from the builder's
/// rng_seed, so select start order and steal victims are reproducible). Tokio: `FastRand`.
std::uint32_t fast_rand_n(std::uint32_t n) noexcept;
/// Same as fast_rand_n: the start branch of a select (used by rt-codegen's generated code).
inline std::uint32_t select_random(std::uint32_t n) noexcept { return fast_rand_n(n); }

/// The exception that escaped a coroutine or a re-polled leaf, on its way to the co_await (or
/// task::poll) that rethrows it. The hand-over is immediate — the catching side returns and the
/// rethrowing side runs next on the same thread, with no other code in between — so one slot
/// per thread is enough, and the catching side keeps only a flag (task.hpp).
void stash_in_flight_error(std::exception_ptr e) noexcept;
/// Rethrows (and clears) the exception stashed last on this thread.
[[noreturn]] void rethrow_in_flight_error();

/// Wakes `w` after the scheduler has polled its driver (Tokio's `defer`), or now outside a runtime.
void defer_wake(const waker& w);

}  // namespace rt::detail
