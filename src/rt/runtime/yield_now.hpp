// rt/runtime/yield_now.hpp — rt::yield_now: let other tasks run before continuing.
#pragma once

#include "rt/core/poll.hpp"
#include "rt/core/thread_state.hpp"
#include "rt/core/waker.hpp"

namespace rt {

/// The future returned by yield_now(): pending once, with a wake deferred until the scheduler has
/// polled its driver, then ready. Tokio: `tokio::task::yield_now`.
class yield_now_future {
public:
    poll_result<void> poll(context& cx) {
        if (yielded_) return ready();
        yielded_ = true;
        detail::defer_wake(cx.waker());
        return pending;
    }

private:
    bool yielded_ = false;
};

/// Yields to the scheduler: `co_await rt::yield_now();`. Tokio: `tokio::task::yield_now`.
[[nodiscard]] inline yield_now_future yield_now() noexcept { return {}; }

}  // namespace rt
