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
#include <atomic>
#include <condition_variable>
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
}  // namespace rt::shim
#endif
