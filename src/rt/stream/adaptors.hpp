// rt/stream/adaptors.hpp — range-v3-style adaptors over async streams: `s | rt::views::filter(f) |
// rt::views::transform(g) | rt::views::take(10)`.
//
// Each adaptor owns its upstream stream (moved in) and is itself an async_stream, so they compose
// like range-v3 views but pull asynchronously (Tokio: `tokio_stream::StreamExt`). The names follow
// range-v3 (transform, filter, take, take_while, drop, drop_while, enumerate); `then` is Tokio's
// async map. Invariant: an adaptor never polls its upstream again after the upstream ended or after
// the adaptor itself ended (take/take_while), so every adaptor is fused.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/stream/stream.hpp"

namespace rt {
namespace detail {

/// The result of `rt::views::X(args)`: applied to a stream with `|`, builds the adaptor.
template <class Make>
struct stream_closure {
    Make make;
    template <async_stream S>
    friend auto operator|(S&& s, stream_closure c) {
        static_assert(!std::is_lvalue_reference_v<S>, "adaptors own their stream: pipe an rvalue (std::move(s))");
        return c.make(std::move(s));
    }
};
template <class Make>
stream_closure(Make) -> stream_closure<Make>;

template <async_stream S, class F>
class transform_stream {
public:
    using item = std::invoke_result_t<F&, stream_item_t<S>&&>;
    transform_stream(S s, F f) : up_(std::move(s)), f_(std::move(f)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        auto r = up_.poll_next(cx);
        if (r.is_pending()) return pending;
        auto v = r.take();
        if (!v) return std::optional<item>{};
        return std::optional<item>(std::invoke(f_, std::move(*v)));
    }

private:
    S up_;
    F f_;
};

template <async_stream S, class P>
class filter_stream {
public:
    using item = stream_item_t<S>;
    filter_stream(S s, P p) : up_(std::move(s)), p_(std::move(p)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        for (;;) {
            auto r = up_.poll_next(cx);
            if (r.is_pending()) return pending;
            auto v = r.take();
            if (!v || std::invoke(p_, std::as_const(*v))) return v;
        }
    }

private:
    S up_;
    P p_;
};

template <async_stream S>
class take_stream {
public:
    using item = stream_item_t<S>;
    take_stream(S s, std::size_t n) : up_(std::move(s)), left_(n) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        if (left_ == 0) return std::optional<item>{};
        auto r = up_.poll_next(cx);
        if (r.is_pending()) return pending;
        auto v = r.take();
        left_ = v ? left_ - 1 : 0;
        return v;
    }

private:
    S up_;
    std::size_t left_;
};

template <async_stream S, class P>
class take_while_stream {
public:
    using item = stream_item_t<S>;
    take_while_stream(S s, P p) : up_(std::move(s)), p_(std::move(p)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        if (done_) return std::optional<item>{};
        auto r = up_.poll_next(cx);
        if (r.is_pending()) return pending;
        auto v = r.take();
        if (!v || !std::invoke(p_, std::as_const(*v))) {
            done_ = true;
            return std::optional<item>{};
        }
        return v;
    }

private:
    S up_;
    P p_;
    bool done_ = false;
};

template <async_stream S>
class drop_stream {
public:
    using item = stream_item_t<S>;
    drop_stream(S s, std::size_t n) : up_(std::move(s)), skip_(n) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        for (;;) {
            auto r = up_.poll_next(cx);
            if (r.is_pending()) return pending;
            auto v = r.take();
            if (!v || skip_ == 0) return v;
            --skip_;
        }
    }

private:
    S up_;
    std::size_t skip_;
};

template <async_stream S, class P>
class drop_while_stream {
public:
    using item = stream_item_t<S>;
    drop_while_stream(S s, P p) : up_(std::move(s)), p_(std::move(p)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        for (;;) {
            auto r = up_.poll_next(cx);
            if (r.is_pending()) return pending;
            auto v = r.take();
            if (!v || !dropping_) return v;
            if (!std::invoke(p_, std::as_const(*v))) {
                dropping_ = false;
                return v;
            }
        }
    }

private:
    S up_;
    P p_;
    bool dropping_ = true;
};

template <async_stream S>
class enumerate_stream {
public:
    using item = std::pair<std::size_t, stream_item_t<S>>;
    explicit enumerate_stream(S s) : up_(std::move(s)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        auto r = up_.poll_next(cx);
        if (r.is_pending()) return pending;
        auto v = r.take();
        if (!v) return std::optional<item>{};
        return std::optional<item>(std::in_place, index_++, std::move(*v));
    }

private:
    S up_;
    std::size_t index_ = 0;
};

/// `then`: each item goes through `f`, which returns a future (or task); its result is the item.
/// The future in flight lives in the adaptor, so a cancelled next() loses nothing.
template <async_stream S, class F>
class then_stream {
    using fut_type = std::invoke_result_t<F&, stream_item_t<S>&&>;
    static_assert(future<fut_type>, "rt::views::then needs a function returning an rt future or task");

public:
    using item = future_output_t<fut_type>;
    then_stream(S s, F f) : up_(std::move(s)), f_(std::move(f)) {}
    poll_result<std::optional<item>> poll_next(context& cx) {
        if (!inflight_) {
            auto r = up_.poll_next(cx);
            if (r.is_pending()) return pending;
            auto v = r.take();
            if (!v) return std::optional<item>{};
            inflight_.emplace(std::invoke(f_, std::move(*v)));
        }
        auto r = inflight_->poll(cx);
        if (r.is_pending()) return pending;
        auto out = std::optional<item>(r.take());
        inflight_.reset();
        return out;
    }

private:
    S up_;
    F f_;
    std::optional<fut_type> inflight_;
};

}  // namespace detail

/// Stream adaptors, applied with `|` (the stream is moved into the adaptor).
namespace views {

/// Each item mapped through `f`. range-v3: `views::transform`; Tokio: `StreamExt::map`.
template <class F>
auto transform(F f) {
    return detail::stream_closure{[f = std::move(f)]<class S>(S s) mutable {
        return detail::transform_stream<S, F>(std::move(s), std::move(f));
    }};
}

/// Only the items for which `p(item)` is true. range-v3: `views::filter`; Tokio: `StreamExt::filter`.
template <class P>
auto filter(P p) {
    return detail::stream_closure{[p = std::move(p)]<class S>(S s) mutable {
        return detail::filter_stream<S, P>(std::move(s), std::move(p));
    }};
}

/// The first `n` items, then the end. range-v3: `views::take`; Tokio: `StreamExt::take`.
inline auto take(std::size_t n) {
    return detail::stream_closure{[n]<class S>(S s) { return detail::take_stream<S>(std::move(s), n); }};
}

/// Items while `p(item)` holds; ends at the first that fails. Tokio: `StreamExt::take_while`.
template <class P>
auto take_while(P p) {
    return detail::stream_closure{[p = std::move(p)]<class S>(S s) mutable {
        return detail::take_while_stream<S, P>(std::move(s), std::move(p));
    }};
}

/// Skips the first `n` items. range-v3: `views::drop`; Tokio: `StreamExt::skip`.
inline auto drop(std::size_t n) {
    return detail::stream_closure{[n]<class S>(S s) { return detail::drop_stream<S>(std::move(s), n); }};
}

/// Skips items while `p(item)` holds. range-v3: `views::drop_while`; Tokio: `StreamExt::skip_while`.
template <class P>
auto drop_while(P p) {
    return detail::stream_closure{[p = std::move(p)]<class S>(S s) mutable {
        return detail::drop_while_stream<S, P>(std::move(s), std::move(p));
    }};
}

/// Pairs (index, item), counting from 0. range-v3: `views::enumerate`.
inline auto enumerate() {
    return detail::stream_closure{[]<class S>(S s) { return detail::enumerate_stream<S>(std::move(s)); }};
}

/// Each item through `f`, which returns a future or task; the items are their results, in order.
/// Tokio: `StreamExt::then`.
template <class F>
auto then(F f) {
    return detail::stream_closure{[f = std::move(f)]<class S>(S s) mutable {
        return detail::then_stream<S, F>(std::move(s), std::move(f));
    }};
}

}  // namespace views
}  // namespace rt
