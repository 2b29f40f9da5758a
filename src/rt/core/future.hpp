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

/// A coroutine's link to its chain, one word in its promise (promise_base), paid by every frame.
/// In a root it holds the leaf the chain is suspended on (null while running or before the first
/// poll) and `root_tag`; in a child, the address of the parent frame to resume when it finishes
/// (frames are 16-byte aligned, so `root_tag` is clear). Zero before the first await or poll.
/// `threw_tag` marks a coroutine that finished with an exception (either kind). The context of
/// the current poll is not kept here but in `current_poll`, which drive_chain sets.
struct chain_state {
    static constexpr std::uintptr_t root_tag = 1;
    static constexpr std::uintptr_t threw_tag = 2;
    static constexpr std::uintptr_t tag_mask = root_tag | threw_tag;
    static_assert(alignof(pending_leaf) > tag_mask, "the tags need free low bits in leaf pointers");

    std::uintptr_t bits = 0;

    [[nodiscard]] pending_leaf* leaf() const noexcept { return reinterpret_cast<pending_leaf*>(bits & ~tag_mask); }
    void set_leaf(pending_leaf* l) noexcept { bits = reinterpret_cast<std::uintptr_t>(l) | (bits & tag_mask); }
};

/// The chain being driven on this thread and the context of that poll. drive_chain installs one
/// for the length of a poll (restoring the previous one: a leaf may poll another task's chain), and
/// a future awaited anywhere in the chain is polled with its context and becomes its leaf.
struct poll_scope {
    chain_state* chain;
    context* cx;
};
/// The innermost poll_scope of this thread (null outside a poll). constinit: read without a TLS
/// init guard on every co_await.
extern thread_local constinit poll_scope* current_poll;

template <class T>
struct is_task : std::false_type {};
template <class T>
struct is_task<task<T>> : std::true_type {};

}  // namespace detail
}  // namespace rt
