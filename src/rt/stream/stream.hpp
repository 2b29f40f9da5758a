// rt/stream/stream.hpp — what an async stream is, and `next`, the future that takes its next item.
//
// A stream is any object with `poll_next(rt::context&)` returning `rt::poll_result<std::optional<T>>`
// (Tokio: the `Stream` trait of tokio-stream): pending, an item, or `std::nullopt` at the end. Like a
// future it must not move between its first poll and its destruction, and destroying it at any
// point unregisters what it registered. Invariant kept by every rt stream: once it returned
// std::nullopt it keeps returning std::nullopt (it is "fused").
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"

namespace rt {

namespace detail {
template <class R>
struct is_optional_poll : std::false_type {};
template <class T>
struct is_optional_poll<poll_result<std::optional<T>>> : std::true_type {
    using item = T;
};
}  // namespace detail

/// A type that yields items asynchronously: `s.poll_next(cx)` returns
/// `rt::poll_result<std::optional<T>>`. Tokio: `tokio_stream::Stream`.
template <class S>
concept async_stream = requires(S& s, context& cx) { s.poll_next(cx); } &&
                       detail::is_optional_poll<decltype(std::declval<S&>().poll_next(std::declval<context&>()))>::value;

/// The type of a stream's items.
template <async_stream S>
using stream_item_t =
    typename detail::is_optional_poll<decltype(std::declval<S&>().poll_next(std::declval<context&>()))>::item;

/// Future of `rt::next(s)`: the stream's next item, or std::nullopt at its end. Cancel safe: if it
/// is destroyed before completing, no item was taken. Spends one unit of the coop budget per item,
/// like every rt leaf, so a consumer of an always-ready stream still yields to the scheduler.
/// (Unconstrained so that a stream class can name it while still incomplete.)
template <class S>
class next_future {
public:
    explicit next_future(S& s) noexcept : s_(&s) {}

    poll_result<std::optional<stream_item_t<S>>> poll(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        auto r = s_->poll_next(cx);
        if (r.is_ready()) coop::consume();
        return r;
    }

private:
    S* s_;
};

/// The next item of `s` (std::nullopt when it has ended): `while (auto v = co_await rt::next(s))`.
/// The stream must outlive the future. Cancel safe. Tokio: `StreamExt::next`.
template <async_stream S>
[[nodiscard]] next_future<S> next(S& s) noexcept {
    return next_future<S>(s);
}

}  // namespace rt
