// rt/stream/sources.hpp — streams made from other things: a range, one value, nothing, or a
// function returning futures (which is how a channel receiver becomes a stream).
//
// Tokio: `tokio_stream::{iter, once, empty}` and the `wrappers::*Stream` types. Invariant: each
// source is fused (after std::nullopt, only std::nullopt), and a range source takes its iterator at
// the first poll, when the stream no longer moves.
#pragma once

#include <iterator>
#include <optional>
#include <ranges>
#include <type_traits>
#include <utility>

#include "rt/core/future.hpp"
#include "rt/stream/stream.hpp"

namespace rt {
namespace detail {

template <std::ranges::view V>
class iter_stream {
public:
    using item = std::ranges::range_value_t<V>;
    explicit iter_stream(V v) : view_(std::move(v)) {}
    iter_stream(iter_stream&& other) noexcept(std::is_nothrow_move_constructible_v<V>)
        : view_(std::move(other.view_)) {}  // moved only before the first poll: no iterator yet
    poll_result<std::optional<item>> poll_next(context&) {
        if (!it_) it_.emplace(std::ranges::begin(view_));
        if (*it_ == std::ranges::end(view_)) return std::optional<item>{};
        std::optional<item> out(std::in_place, **it_);
        ++*it_;
        return out;
    }

private:
    V view_;
    std::optional<std::ranges::iterator_t<V>> it_;
};

template <class T>
class once_stream {
public:
    explicit once_stream(T v) : value_(std::move(v)) {}
    poll_result<std::optional<T>> poll_next(context&) { return std::exchange(value_, std::nullopt); }

private:
    std::optional<T> value_;
};

template <class T>
struct empty_stream {
    poll_result<std::optional<T>> poll_next(context&) { return std::optional<T>{}; }
};

template <class F>
class from_fn_stream {
    using fut_type = std::invoke_result_t<F&>;
    static_assert(future<fut_type>, "rt::stream_from_fn needs a function returning an rt future or task");
    using out_type = future_output_t<fut_type>;

public:
    using item = typename out_type::value_type;  // the function's futures yield std::optional<item>
    explicit from_fn_stream(F f) : f_(std::move(f)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        if (ended_) return std::optional<item>{};
        if (!inflight_) inflight_.emplace(f_());
        auto r = inflight_->poll(cx);
        if (r.is_pending()) return pending;
        std::optional<item> v = r.take();
        inflight_.reset();
        ended_ = !v;
        return v;
    }

private:
    F f_;
    std::optional<fut_type> inflight_;
    bool ended_ = false;
};

}  // namespace detail

/// A stream of a range's elements (copied out), always ready; an rvalue range is moved in, an lvalue
/// one must outlive the stream. Any std or range-v3 view works. Tokio: `tokio_stream::iter`.
template <std::ranges::viewable_range R>
    requires std::ranges::input_range<R>
[[nodiscard]] auto stream_iter(R&& r) {
    return detail::iter_stream<std::views::all_t<R>>(std::views::all(std::forward<R>(r)));
}

/// A stream of exactly one item. Tokio: `tokio_stream::once`.
template <class T>
[[nodiscard]] auto stream_once(T value) {
    return detail::once_stream<T>(std::move(value));
}

/// A stream that ends at once. Tokio: `tokio_stream::empty`.
template <class T>
[[nodiscard]] detail::empty_stream<T> stream_empty() noexcept {
    return {};
}

/// A stream that calls `f()` for a future of std::optional<T> whenever it needs an item and ends at
/// the first std::nullopt: `rt::stream_from_fn([&rx] { return rx.recv(); })` turns an mpsc receiver
/// into a stream. Cancel safe when the futures are. Tokio: `wrappers::ReceiverStream`, `stream::unfold`.
template <class F>
[[nodiscard]] auto stream_from_fn(F f) {
    return detail::from_fn_stream<F>(std::move(f));
}

}  // namespace rt
