// rt/runtime/context.hpp — entering a runtime on the current thread.
//
// While a thread runs a scheduler (block_on, a worker loop, shutdown) its thread_state names that
// scheduler, so spawn(), handle::current() and the leaf futures find the runtime. The guard
// restores the previous state, so exceptions escaping block_on leave the thread clean.
#pragma once

#include <cstdint>

#include "rt/core/thread_state.hpp"
#include "rt/runtime/driver/driver.hpp"

namespace rt::detail {

class scheduler;

class enter_guard {
public:
    enter_guard(scheduler* s, defer_sink* defer, std::uint64_t rng_seed, driver* d) noexcept : saved_(tls()) {
        thread_state& ts = tls();
        ts.scheduler = s;
        ts.defer = defer;
        ts.rng = rng_seed | 1;  // xorshift must not be zero
        if (d) d->enter(ts);
    }
    ~enter_guard() { tls() = saved_; }
    enter_guard(const enter_guard&) = delete;
    enter_guard& operator=(const enter_guard&) = delete;

private:
    thread_state saved_;
};

/// Throws rt::usage_error when the calling thread already runs a runtime (Tokio panics with
/// "Cannot start a runtime from within a runtime").
void ensure_not_in_runtime(const char* what);

}  // namespace rt::detail
