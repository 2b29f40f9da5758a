// rt/core/combinators/join.hpp — rt::join and rt::try_join: wait for several futures at once.
//
// Tokio: `join!` / `try_join!`. The futures are moved into one future that polls every unfinished
// child on each poll, starting at a rotating index so no child is always polled first. Invariant: a
// finished child's output is kept and the child is never polled again. An exception thrown by a
// child's poll propagates at once; the other children are destroyed with the join future.
#pragma once

#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"

namespace rt {

/// The value a `void` future contributes to a join or a select.
struct unit {};

namespace detail {

template <class F>
using joined_value_t = std::conditional_t<std::is_void_v<future_output_t<F>>, unit, future_output_t<F>>;

/// Polls child I unless it already finished; true when it has an output.
template <class F, class Slot>
bool poll_child(F& f, Slot& slot, context& cx) {
    if (slot) return true;
    auto r = f.poll(cx);
    if (r.is_pending()) return false;
    if constexpr (std::is_void_v<future_output_t<F>>) {
        slot.emplace();
    } else {
        slot.emplace(r.take());
    }
    return true;
}

}  // namespace detail

/// Future of rt::join: ready with a tuple of every child's output (`rt::unit` for void children).
template <class... F>
class join_future {
public:
    using output = std::tuple<detail::joined_value_t<F>...>;

    explicit join_future(F... futs) : futs_(std::move(futs)...) {}

    poll_result<output> poll(context& cx) {
        bool all = true;
        const std::size_t start = start_++ % sizeof...(F);
        for (std::size_t k = 0; k < sizeof...(F); ++k) all &= poll_index((start + k) % sizeof...(F), cx);
        if (!all) return pending;
        return std::apply([](auto&... slot) { return output(std::move(*slot)...); }, outs_);
    }

private:
    bool poll_index(std::size_t i, context& cx) {
        return dispatch(i, cx, std::index_sequence_for<F...>{});
    }
    template <std::size_t... I>
    bool dispatch(std::size_t i, context& cx, std::index_sequence<I...>) {
        bool done = false;
        ((i == I ? (done = detail::poll_child(std::get<I>(futs_), std::get<I>(outs_), cx), 0) : 0), ...);
        return done;
    }

    std::tuple<F...> futs_;
    std::tuple<std::optional<detail::joined_value_t<F>>...> outs_;
    std::size_t start_ = 0;
};

/// Waits for every future and gives all their outputs as a tuple. Tokio: `tokio::join!`.
/// Cancel safety: destroying it destroys every child (finished outputs are dropped).
template <class... F>
    requires(sizeof...(F) > 0 && (future<std::remove_cvref_t<F>> && ...))
[[nodiscard]] join_future<std::remove_cvref_t<F>...> join(F&&... futs) {
    return join_future<std::remove_cvref_t<F>...>(std::forward<F>(futs)...);
}

/// Future of rt::try_join: every child yields a std::optional; ready with all the values, or with
/// an empty optional as soon as one child yields empty (the rest are then destroyed with it).
template <class... F>
class try_join_future {
public:
    using output = std::optional<std::tuple<typename future_output_t<F>::value_type...>>;

    explicit try_join_future(F... futs) : inner_(std::move(futs)...) {}

    poll_result<output> poll(context& cx) {
        bool all = true;
        bool failed = false;
        const std::size_t start = start_++ % sizeof...(F);
        for (std::size_t k = 0; k < sizeof...(F) && !failed; ++k) {
            poll_one((start + k) % sizeof...(F), cx, all, failed, std::index_sequence_for<F...>{});
        }
        if (failed) return output{};
        if (!all) return pending;
        return std::apply([](auto&... slot) { return output(std::in_place, std::move(**slot)...); }, outs_);
    }

private:
    template <std::size_t... I>
    void poll_one(std::size_t i, context& cx, bool& all, bool& failed, std::index_sequence<I...>) {
        (void)((i == I ? (step<I>(cx, all, failed), 0) : 0) + ...);
    }
    template <std::size_t I>
    void step(context& cx, bool& all, bool& failed) {
        auto& slot = std::get<I>(outs_);
        if (!detail::poll_child(std::get<I>(inner_), slot, cx)) {
            all = false;
        } else if (!slot->has_value()) {
            failed = true;
        }
    }

    std::tuple<F...> inner_;
    std::tuple<std::optional<future_output_t<F>>...> outs_;
    std::size_t start_ = 0;
};

/// Waits for every future (each yielding a std::optional); empty as soon as one yields empty.
/// Tokio: `tokio::try_join!` (rt's "error" is an empty optional; exceptions propagate at once).
template <class... F>
    requires(sizeof...(F) > 0 && (future<std::remove_cvref_t<F>> && ...))
[[nodiscard]] try_join_future<std::remove_cvref_t<F>...> try_join(F&&... futs) {
    return try_join_future<std::remove_cvref_t<F>...>(std::forward<F>(futs)...);
}

}  // namespace rt
