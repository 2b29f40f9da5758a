// rt/sync/detail/blocking.hpp — runs a future to completion on a plain (non-runtime) thread, for
// the blocking_* methods that let synchronous code talk to tasks (Tokio: `blocking_send`,
// `blocking_recv`, `blocking_lock`). The thread parks on a condition variable; the waker unparks it.
// Invariant: calling it from a runtime thread throws rt::usage_error (it would block the scheduler).
#pragma once

#include "rt/core/future.hpp"
#include "rt/core/waker.hpp"

namespace rt::sync::detail {

/// A parked-thread waker: wake() makes the next park() return.
class thread_parker {
public:
    thread_parker();
    ~thread_parker();
    thread_parker(const thread_parker&) = delete;
    thread_parker& operator=(const thread_parker&) = delete;
    /// A waker that unparks this thread (keeps the shared state alive while cloned).
    [[nodiscard]] const rt::waker& waker() const noexcept { return waker_; }
    /// Blocks until woken (returns at once if a wake came since the last park).
    void park();

    struct state;  // shared with the waker (defined in blocking.cpp)

private:
    state* st_;
    rt::waker waker_;
};

/// Throws rt::usage_error when the calling thread runs an rt scheduler.
void ensure_blocking_allowed(const char* what);

/// Polls `f` on this thread until ready, parking in between. Tokio: `futures::executor::block_on`.
template <class F>
auto block_on_thread(F& f, const char* what) {
    ensure_blocking_allowed(what);
    thread_parker parker;
    for (;;) {
        context cx(parker.waker());
        auto r = f.poll(cx);
        if (r.is_ready()) return r.take();
        parker.park();
    }
}

}  // namespace rt::sync::detail
