// rt/runtime/blocking/block_in_place.hpp — rt::block_in_place: run blocking code on a worker
// thread without stalling the runtime.
//
// Tokio: `tokio::task::block_in_place`. On a multi-thread worker the worker's core (its queues) is
// handed to a new thread that goes on running the worker's tasks for the duration, so even a
// one-worker runtime keeps running; the code may call handle::block_on. When it returns, the
// thread takes the core back if the new thread has not started yet, else it finishes the current
// task without one and then ends. On the current-thread runtime it throws rt::usage_error (Tokio
// panics); outside any runtime it just runs the function. Invariant: at every moment at most one
// thread runs each worker.
#pragma once

#include <functional>
#include <type_traits>
#include <utility>

#include "rt/runtime/context.hpp"

namespace rt {
namespace detail {

/// Enters block_in_place on the current thread for its lifetime (see block_in_place).
class block_in_place_guard {
public:
    block_in_place_guard();
    ~block_in_place_guard();
    block_in_place_guard(const block_in_place_guard&) = delete;
    block_in_place_guard& operator=(const block_in_place_guard&) = delete;

private:
    bool on_worker_ = false;  // this guard handed the worker's core on
    blocking_region_guard region_;
};

}  // namespace detail

/// Runs `f()` on this thread, letting the runtime's other workers run the remaining tasks
/// meanwhile; returns what f returns. Tokio: `tokio::task::block_in_place`.
template <class F>
decltype(auto) block_in_place(F&& f) {
    detail::block_in_place_guard guard;
    return std::invoke(std::forward<F>(f));
}

}  // namespace rt
