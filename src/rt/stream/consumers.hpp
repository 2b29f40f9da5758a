// rt/stream/consumers.hpp — tasks that drain a stream: collect, for_each, fold, count.
//
// Tokio: `StreamExt::{collect, for_each, fold, count}`. Each takes the stream by value (it lives in
// the task's frame, so it cannot move while polled) and stops at its end. None is cancel safe in
// the sense that items already taken are lost with the task; the stream itself is dropped with it.
#pragma once

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include "rt/core/future.hpp"
#include "rt/core/task.hpp"
#include "rt/stream/stream.hpp"

namespace rt {

/// Every item, in order, in a vector. Tokio: `StreamExt::collect::<Vec<_>>`.
template <async_stream S>
task<std::vector<stream_item_t<S>>> collect(S s) {
    std::vector<stream_item_t<S>> out;
    while (auto v = co_await rt::next(s)) out.push_back(std::move(*v));
    co_return out;
}

/// Calls `f(item)` for every item; if `f` returns a future or task, awaits it before the next item.
/// Tokio: `StreamExt::for_each` / `for_each` with an async closure.
template <async_stream S, class F>
task<void> for_each(S s, F f) {
    while (auto v = co_await rt::next(s)) {
        if constexpr (future<std::invoke_result_t<F&, stream_item_t<S>&&>>) {
            auto step = std::invoke(f, std::move(*v));
            co_await std::move(step);
        } else {
            std::invoke(f, std::move(*v));
        }
    }
}

/// Folds the items into `acc` with `acc = f(std::move(acc), item)`. Tokio: `StreamExt::fold`.
template <async_stream S, class Acc, class F>
task<Acc> fold(S s, Acc acc, F f) {
    while (auto v = co_await rt::next(s)) acc = std::invoke(f, std::move(acc), std::move(*v));
    co_return acc;
}

/// The number of items. Tokio: `StreamExt::count`.
template <async_stream S>
task<std::size_t> count(S s) {
    std::size_t n = 0;
    while (auto v = co_await rt::next(s)) ++n;
    co_return n;
}

}  // namespace rt
