// rt/shim/sync.hpp — the one door through which the runtime reaches atomics, mutexes and threads.
//
// Like Tokio's `loom` module: every atomic, mutex, condition variable and thread that the runtime
// uses is spelled through these aliases, so a model checker or a seeded deterministic scheduler can
// replace them in a test build by defining RT_SHIM_HEADER to a header that provides the same names.
// Invariant: no file under src/rt uses std::atomic / std::mutex / std::thread directly
// (tests/lint/shim_only_door.sh, CTest label `lint`, fails the build otherwise). The model
// checker's replacement is src/rt/shim/model/model.hpp (docs/design-notes.md, "Model checking").
//
// Names every replacement must define in rt::shim: atomic<T>, mutex, condition_variable, thread,
// unique_lock, lock_guard, spin_hint, fence, yield_now, thread_id, this_thread_id, futex_wait,
// futex_wake_one, spin_lock, native_thread (start/join/detach/is_current).
#pragma once

#ifdef RT_SHIM_HEADER
#include RT_SHIM_HEADER
#else
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
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

/// A memory fence (std::atomic_thread_fence); under the model checker a scheduling point.
inline void fence(std::memory_order order) noexcept { std::atomic_thread_fence(order); }
/// Gives up the rest of the time slice (std::this_thread::yield).
inline void yield_now() noexcept { std::this_thread::yield(); }
/// Identifies a thread; value-initialized it names no thread.
using thread_id = std::thread::id;
inline thread_id this_thread_id() noexcept { return std::this_thread::get_id(); }

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
                    yield_now();
                }
            }
        }
    }
    // release: publishes the critical section's writes to the next holder.
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    atomic<bool> locked_{false};
};

/// An OS thread with a stack size and a name, which std::thread cannot set (the runtime's workers
/// and blocking threads: rt/runtime/blocking/os_thread.hpp wraps it). `handle` is the pthread_t.
struct native_thread {
    using handle = unsigned long;
    /// Starts fn(arg) on a new thread; returns 0 and sets `out`, or the errno value.
    static int start(handle& out, const char* name, std::size_t stack_size, void* (*fn)(void*), void* arg) noexcept {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (stack_size >= static_cast<std::size_t>(PTHREAD_STACK_MIN)) pthread_attr_setstacksize(&attr, stack_size);
        pthread_t t;
        const int rc = pthread_create(&t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
        if (rc != 0) return rc;
        pthread_setname_np(t, name);  // Linux: at most 15 characters (callers cut the name)
        out = static_cast<handle>(t);
        return 0;
    }
    static void join(handle h) noexcept { pthread_join(static_cast<pthread_t>(h), nullptr); }
    static void detach(handle h) noexcept { pthread_detach(static_cast<pthread_t>(h)); }
    static bool is_current(handle h) noexcept { return pthread_equal(static_cast<pthread_t>(h), pthread_self()); }
};
}  // namespace rt::shim
#endif
