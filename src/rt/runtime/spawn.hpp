// rt/runtime/spawn.hpp — creating tasks: rt::spawn and the shared spawn path of runtime and handle.
#pragma once

#include <type_traits>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/future.hpp"
#include "rt/core/task.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/task/cell.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt {
namespace detail {

template <class F, class... A>
struct spawn_traits {
    using holder = call_holder<std::decay_t<F>, std::decay_t<A>...>;
};
template <class F>
    requires future<std::remove_cvref_t<F>>
struct spawn_traits<F> {
    using holder = future_holder<std::remove_cvref_t<F>>;
};

template <class F, class... A>
using spawn_cell_t = task_cell<typename spawn_traits<F, A...>::holder>;

/// Spawns onto `s`: one pool allocation for header + callable + arguments + output, plus the
/// coroutine frame the callable creates.
template <class F, class... A>
auto spawn_on(scheduler* s, F&& f, A&&... a) {
    using cell = spawn_cell_t<F, A...>;
    static_assert(future<typename cell::future_type>,
                  "rt::spawn(f, args...) needs f(args...) to return an rt::task (or another future)");
    using output = typename cell::output_type;
    // spawn(task): a task that is empty or running as another coroutine's child cannot be spawned
    // (issue #14 item 2); say so here rather than from its first poll on a worker.
    if constexpr (sizeof...(A) == 0 && is_task<std::remove_cvref_t<F>>::value) check_runnable(f, "rt::spawn");
    cell* c = cell::create(s, std::forward<F>(f), std::forward<A>(a)...);
    if (!s->owned().bind(c)) {
        c->cancel_unbound();  // the runtime is shutting down: the task is cancelled, never run
    } else {
        s->schedule(c);
    }
    return join_handle<output>(c);
}

/// The current thread's scheduler, or a usage_error naming the call that needed one.
scheduler& current_scheduler(const char* what);

}  // namespace detail

/// Spawns a task on the current runtime and returns its join handle. `f(args...)` must return an
/// rt::task (or any future); `f` and `args` are moved into the task and live as long as it does,
/// so a capturing lambda coroutine never dangles. `spawn(fut)` spawns a future directly.
/// Tokio: `tokio::spawn`.
template <class F, class... A>
auto spawn(F&& f, A&&... args) {
    return detail::spawn_on(&detail::current_scheduler("rt::spawn"), std::forward<F>(f), std::forward<A>(args)...);
}

/// The id of the task being polled on this thread, or 0 outside any task. Tokio: `task::try_id`.
inline task_id current_task_id() noexcept { return detail::tls().task_id; }

}  // namespace rt
