// rt/runtime/blocking/spawn_blocking.hpp — rt::spawn_blocking: run a plain function on the
// runtime's blocking pool and get a join_handle for its result.
//
// The function becomes a one-poll future inside an ordinary task cell whose scheduler is the
// blocking pool, so join_handle, abort_handle and ids behave as for any task: an abort before the
// function starts cancels it (awaiting throws rt::cancelled_error); an abort while it runs is
// ignored (Tokio: `spawn_blocking` tasks cannot be interrupted). Invariant: the function runs at
// most once, on a pool thread, never on a worker.
#pragma once

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/poll.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/spawn.hpp"
#include "rt/runtime/task/cell.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt {
namespace detail {

/// The future of a blocking task: its single poll calls the function with the stored arguments.
template <class Fn, class... Args>
class blocking_call {
public:
    using result_type = std::remove_cvref_t<std::invoke_result_t<Fn&&, Args&&...>>;

    template <class F, class... A>
    explicit blocking_call(F&& f, A&&... a) : fn_(std::forward<F>(f)), args_(std::forward<A>(a)...) {}

    poll_result<result_type> poll(context&) {
        if constexpr (std::is_void_v<result_type>) {
            std::apply(std::move(fn_), std::move(args_));
            return ready();
        } else {
            return std::apply(std::move(fn_), std::move(args_));
        }
    }

private:
    Fn fn_;
    std::tuple<Args...> args_;
};

/// Spawns `f(args...)` onto the blocking pool of scheduler `s`.
template <class F, class... A>
auto spawn_blocking_on(scheduler* s, F&& f, A&&... a) {
    using call = blocking_call<std::decay_t<F>, std::decay_t<A>...>;
    using cell = task_cell<future_holder<call>>;
    scheduler* pool = s->blocking();
    if (pool == nullptr) throw usage_error("rt::spawn_blocking: this runtime has no blocking pool");
    cell* c = cell::create(pool, call(std::forward<F>(f), std::forward<A>(a)...));
    if (!pool->owned().bind(c)) {
        c->cancel_unbound();  // the runtime is shutting down: never runs, awaiting it throws cancelled
    } else {
        pool->schedule(c);
    }
    return join_handle<typename call::result_type>(c);
}

}  // namespace detail

/// Runs `f(args...)` on a thread of the runtime's blocking pool (created on demand up to
/// max_blocking_threads; beyond that the call waits in a queue) and returns a join_handle for its
/// result. `f` and `args` are moved into the task. Tokio: `tokio::task::spawn_blocking`.
template <class F, class... A>
auto spawn_blocking(F&& f, A&&... args) {
    return detail::spawn_blocking_on(&detail::current_scheduler("rt::spawn_blocking"), std::forward<F>(f),
                                     std::forward<A>(args)...);
}

}  // namespace rt
