// rt/core/future.hpp — what a future is, and how a coroutine chain waits on one.
//
// A future is any object with `poll(rt::context&)` returning `rt::poll_result<T>` (Tokio: the
// `Future` trait). Futures must not be moved between their first poll and their destruction (Rust's
// `Pin`); dropping one at any point must unregister whatever it registered (that is cancellation).
#pragma once

#include <coroutine>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"

namespace rt {

template <class T>
class task;

/// A type that can be polled: `f.poll(cx)` returns `rt::poll_result<T>`. Tokio: `Future`.
template <class F>
concept future = requires(F& f, context& cx) { f.poll(cx); } &&
                 is_poll_result<decltype(std::declval<F&>().poll(std::declval<context&>()))>::value;

/// The value a future completes with. Tokio: `Future::Output`.
template <future F>
using future_output_t = typename decltype(std::declval<F&>().poll(std::declval<context&>()))::value_type;

namespace detail {

/// The leaf a suspended coroutine chain waits on: polled again on every wake, and the innermost
/// coroutine is resumed only once it reports ready (so spurious wakes never run user code).
struct pending_leaf {
    bool (*poll_again)(pending_leaf* self, context& cx) noexcept;  // true: ready, resume `resume`
    std::coroutine_handle<> resume;
};

/// Per-chain state, kept in the root coroutine's promise: the context of the current poll and the
/// leaf the chain is suspended on (null while running or before the first poll). The context
/// pointer carries tags in its low bits: this word shares its place with a child's chain pointer
/// (promise_base::link); `root_tag` tells a root from a child, `threw_tag` marks a coroutine that
/// finished with an exception (set in either kind).
struct chain_state {
    static constexpr std::uintptr_t root_tag = 1;
    static constexpr std::uintptr_t threw_tag = 2;
    static constexpr std::uintptr_t tag_mask = root_tag | threw_tag;
    static_assert(alignof(context) > tag_mask, "the tags need free low bits in context pointers");

    std::uintptr_t cx_bits = root_tag;
    pending_leaf* leaf = nullptr;

    [[nodiscard]] context* cx() const noexcept { return reinterpret_cast<context*>(cx_bits & ~tag_mask); }
    void set_cx(context* c) noexcept { cx_bits = reinterpret_cast<std::uintptr_t>(c) | root_tag; }
};

template <class T>
struct is_task : std::false_type {};
template <class T>
struct is_task<task<T>> : std::true_type {};

}  // namespace detail
}  // namespace rt
