// rt/runtime/blocking/block_in_place.hpp — rt::block_in_place: run blocking code on a worker
// thread without stalling the runtime.
//
// Tokio: `tokio::task::block_in_place`. On a multi-thread worker the worker stops taking tasks for
// the duration (its queued tasks are handed to the other workers, which keep running), and the
// code may call handle::block_on. On the current-thread runtime it throws rt::usage_error (Tokio
// panics); outside any runtime it just runs the function. Invariant: the worker takes tasks again
// when the function returns or throws.
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
    bool on_worker_ = false;
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
