// rt/shim/sync.hpp — the one door through which the runtime reaches atomics, mutexes and threads.
//
// Like Tokio's `loom` module: every atomic, mutex, condition variable and thread that the runtime
// uses is spelled through these aliases, so a model checker or a seeded deterministic scheduler can
// replace them in a test build by defining RT_SHIM_HEADER to a header that provides the same names.
// Invariant: no file under src/rt uses std::atomic / std::mutex / std::thread directly.
#pragma once

#ifdef RT_SHIM_HEADER
#include RT_SHIM_HEADER
#else
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace rt::shim {
template <class T>
using atomic = std::atomic<T>;
using mutex = std::mutex;
using condition_variable = std::condition_variable;
using thread = std::thread;
template <class M>
using unique_lock = std::unique_lock<M>;
template <class M>
using lock_guard = std::lock_guard<M>;
inline void spin_hint() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/// Blocks while `word` holds `expected` (returns at once if it does not; may return spuriously:
/// callers re-check in a loop). A bare futex: one syscall to sleep and one to wake, where a
/// condition variable also makes the woken thread's mutex re-lock wake the unlocker (3 per cycle).
inline void futex_wait(atomic<std::uint32_t>& word, std::uint32_t expected) noexcept {
    static_assert(sizeof(atomic<std::uint32_t>) == sizeof(std::uint32_t), "futex needs a plain 32-bit word");
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}
/// Wakes one thread blocked in futex_wait on `word`.
inline void futex_wake_one(atomic<std::uint32_t>& word) noexcept {
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

/// A test-and-test-and-set lock for critical sections of a few instructions (list links), where
/// a futex mutex's ~60-instruction uncontended path dominates. After a short spin it yields the
/// thread, so a preempted holder cannot make waiters burn a whole time slice.
class spin_lock {
public:
    void lock() noexcept {
        for (int spins = 0;; ++spins) {
            // acquire: the critical section must see the previous holder's writes.
            if (!locked_.exchange(true, std::memory_order_acquire)) return;
            while (locked_.load(std::memory_order_relaxed)) {
                if (spins++ < 64) {
                    spin_hint();
                } else {
                    std::this_thread::yield();
                }
            }
        }
    }
    // release: publishes the critical section's writes to the next holder.
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    std::atomic<bool> locked_{false};
};
}  // namespace rt::shim
#endif
