// rt/core/combinators/race.hpp — rt::select and rt::select_biased: the library form of select.
//
// Tokio: `select!` without patterns. The futures are moved into one future; each poll tries every
// child, starting at a random child (from the runtime's seeded generator) or, when biased, at the
// first. The first child found ready wins: the output is a std::variant whose index is the winner.
// Invariant: only the winner's output is taken; the losers are destroyed with the select future (so
// their cancel safety is what matters). For branch bodies that can co_await, break or co_return,
// patterns and preconditions, use rt-codegen's [[rt::select]].
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "rt/core/combinators/join.hpp"
#include "rt/core/thread_state.hpp"

namespace rt {

/// Future of rt::select / rt::select_biased: ready with the winner's output at its index.
template <bool Biased, class... F>
class select_future {
public:
    using output = std::variant<detail::joined_value_t<F>...>;

    explicit select_future(F... futs) : futs_(std::move(futs)...) {}

    poll_result<output> poll(context& cx) {
        const std::size_t start = Biased ? 0 : detail::fast_rand_n(static_cast<std::uint32_t>(sizeof...(F)));
        for (std::size_t k = 0; k < sizeof...(F); ++k) {
            std::optional<output> won = try_index((start + k) % sizeof...(F), cx, std::index_sequence_for<F...>{});
            if (won) return std::move(*won);
        }
        return pending;
    }

private:
    template <std::size_t... I>
    std::optional<output> try_index(std::size_t i, context& cx, std::index_sequence<I...>) {
        std::optional<output> won;
        (void)((i == I ? (try_one<I>(cx, won), 0) : 0) + ...);
        return won;
    }
    template <std::size_t I>
    void try_one(context& cx, std::optional<output>& won) {
        auto& f = std::get<I>(futs_);
        using out_t = future_output_t<std::remove_reference_t<decltype(f)>>;
        auto r = f.poll(cx);
        if (r.is_pending()) return;
        if constexpr (std::is_void_v<out_t>) {
            won.emplace(std::in_place_index<I>);
        } else {
            won.emplace(std::in_place_index<I>, r.take());
        }
    }

    std::tuple<F...> futs_;
};

/// Waits for the first of several futures; the variant's index says which won, the others are
/// destroyed. The start child is random each poll (seeded by the runtime's rng_seed), so no branch
/// starves. Tokio: `tokio::select!`.
template <class... F>
    requires(sizeof...(F) > 1 && (future<std::remove_cvref_t<F>> && ...))
[[nodiscard]] select_future<false, std::remove_cvref_t<F>...> select(F&&... futs) {
    return select_future<false, std::remove_cvref_t<F>...>(std::forward<F>(futs)...);
}

/// Like rt::select, but always polls in argument order. Tokio: `select! { biased; ... }`.
template <class... F>
    requires(sizeof...(F) > 1 && (future<std::remove_cvref_t<F>> && ...))
[[nodiscard]] select_future<true, std::remove_cvref_t<F>...> select_biased(F&&... futs) {
    return select_future<true, std::remove_cvref_t<F>...>(std::forward<F>(futs)...);
}

}  // namespace rt
