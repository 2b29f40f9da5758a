// rt/runtime/runtime.hpp — rt::runtime, its builder, and rt::handle.
//
// Tokio: `tokio::runtime::{Runtime, Builder, Handle}`. A runtime owns a scheduler (current_thread
// or multi_thread) and its driver; destroying it cancels every task that has not finished
// (their destructors run) before the driver goes away.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "rt/core/future.hpp"
#include "rt/core/task.hpp"
#include "rt/runtime/blocking/spawn_blocking.hpp"
#include "rt/runtime/config.hpp"
#include "rt/runtime/metrics/runtime_metrics.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/spawn.hpp"

namespace rt {

namespace detail {

/// Adapts a future to the type-erased main_future the schedulers drive; keeps its output.
template <class F>
struct block_on_state {
    using output = future_output_t<std::remove_reference_t<F>>;
    F fut;
    std::optional<stored_t<output>> result;

    static bool poll(void* self, context& cx) {
        auto* st = static_cast<block_on_state*>(self);
        auto r = st->fut.poll(cx);
        if (r.is_pending()) return false;
        if constexpr (std::is_void_v<output>) {
            st->result.emplace();
        } else {
            st->result.emplace(r.take());
        }
        return true;
    }
    output take() {
        if constexpr (!std::is_void_v<output>) return std::move(*result);
    }
};

/// Runs `poll(self, cx)` to completion on scheduler `s` from the calling (non-runtime) thread.
void block_on_erased(scheduler* s, bool (*poll)(void*, context&), void* self);

template <class F>
auto block_on_in(scheduler* s, F&& f) {
    if constexpr (std::is_lvalue_reference_v<F>) {
        block_on_state<F> st{f, {}};
        block_on_erased(s, &block_on_state<F>::poll, &st);
        return st.take();
    } else {
        block_on_state<std::remove_cvref_t<F>> st{std::move(f), {}};
        block_on_erased(s, &block_on_state<std::remove_cvref_t<F>>::poll, &st);
        return st.take();
    }
}

}  // namespace detail

/// A cheap, copyable reference to a runtime, usable from any thread to spawn onto it.
/// Tokio: `tokio::runtime::Handle`.
class handle {
public:
    /// The handle of the runtime the calling thread runs in; throws rt::usage_error outside one.
    /// Tokio: `Handle::current`.
    static handle current();
    /// Like current(), but an empty optional outside a runtime. Tokio: `Handle::try_current`.
    static std::optional<handle> try_current();

    /// Spawns a task onto this runtime from any thread. Tokio: `Handle::spawn`.
    template <class F, class... A>
    auto spawn(F&& f, A&&... args) const {
        return detail::spawn_on(s_.get(), std::forward<F>(f), std::forward<A>(args)...);
    }
    /// Runs `f(args...)` on this runtime's blocking pool. Tokio: `Handle::spawn_blocking`.
    template <class F, class... A>
    auto spawn_blocking(F&& f, A&&... args) const {
        return detail::spawn_blocking_on(s_.get(), std::forward<F>(f), std::forward<A>(args)...);
    }
    /// Runs a future to completion on the calling thread (not from inside a runtime, except on a
    /// blocking-pool thread or inside block_in_place). Tokio: `Handle::block_on`.
    template <class F>
        requires future<std::remove_cvref_t<F>>
    auto block_on(F&& f) const {
        return detail::block_on_in(s_.get(), std::forward<F>(f));
    }
    /// Number of tasks alive on this runtime. Tokio: `RuntimeMetrics::num_alive_tasks`.
    [[nodiscard]] std::size_t alive_tasks() const { return s_->owned().size(); }
    /// The runtime's counters. Tokio: `Handle::metrics`.
    [[nodiscard]] runtime_metrics metrics() const { return runtime_metrics(s_); }

    explicit handle(detail::scheduler_ref s) noexcept : s_(std::move(s)) {}

private:
    detail::scheduler_ref s_;
};

/// The runtime: a scheduler, its driver and its threads. Build one with `runtime::builder()`.
/// Tokio: `tokio::runtime::Runtime`.
class runtime {
public:
    class builder;

    runtime(runtime&&) noexcept = default;
    runtime& operator=(runtime&&) noexcept;
    /// Shuts down: every unfinished task is cancelled (its destructors run). Tokio: `Drop for Runtime`.
    ~runtime();

    /// Runs a future (usually an rt::task) to completion on this thread and returns its output
    /// (rethrowing its exception). Calling it from inside a runtime throws rt::usage_error. After
    /// shutdown it still drives futures that need no runtime; spawns inside are cancelled, timers
    /// and I/O throw rt::usage_error. Tokio: `Runtime::block_on`.
    template <class F>
        requires future<std::remove_cvref_t<F>>
    auto block_on(F&& f) {
        return detail::block_on_in(sched_.get(), std::forward<F>(f));
    }

    /// Spawns a task onto this runtime. Tokio: `Runtime::spawn`.
    template <class F, class... A>
    auto spawn(F&& f, A&&... args) {
        return detail::spawn_on(sched_.get(), std::forward<F>(f), std::forward<A>(args)...);
    }

    /// Runs `f(args...)` on this runtime's blocking pool. Tokio: `Runtime::spawn_blocking`.
    template <class F, class... A>
    auto spawn_blocking(F&& f, A&&... args) {
        return detail::spawn_blocking_on(sched_.get(), std::forward<F>(f), std::forward<A>(args)...);
    }

    /// The runtime's counters. Tokio: `Runtime::metrics`.
    [[nodiscard]] runtime_metrics metrics() const { return runtime_metrics(sched_); }

    /// The schedule recorded in deterministic mode (builder::deterministic), one event per line
    /// ("poll 3", "park", ...; tasks numbered by first poll); empty in other modes. Two runs with
    /// the same seed and the same program give the same text, byte for byte.
    [[nodiscard]] std::string trace() const { return sched_->trace(); }

    /// A handle to this runtime. Tokio: `Runtime::handle`.
    [[nodiscard]] rt::handle get_handle() const { return rt::handle(sched_); }

    /// Cancels every task now and stops the runtime, waiting without limit for busy workers and
    /// running blocking work (what the destructor does); later spawns are cancelled.
    void shutdown();
    /// Like shutdown(), but waits at most `timeout` in all for workers busy in a poll and for
    /// blocking work (current_thread: for a handle::block_on holding the core); threads still busy
    /// then finish on their own (the last worker out, or the core's holder, cancels the tasks
    /// left). Tokio: `Runtime::shutdown_timeout`.
    void shutdown_timeout(std::chrono::nanoseconds timeout);
    /// shutdown_timeout(0): returns without waiting for any thread. Tokio: `shutdown_background`.
    void shutdown_background() { shutdown_timeout(std::chrono::nanoseconds::zero()); }

private:
    explicit runtime(detail::scheduler_ref s) noexcept : sched_(std::move(s)) {}
    detail::scheduler_ref sched_;
};

/// Configures and builds a runtime. Tokio: `tokio::runtime::Builder`.
class runtime::builder {
public:
    builder() = default;
    /// All tasks on the thread that calls block_on. Tokio: `Builder::new_current_thread`.
    builder& current_thread() { cfg_.flavor = detail::flavor::current_thread; return *this; }
    /// A pool of worker threads with work stealing. Tokio: `Builder::new_multi_thread`.
    builder& multi_thread() { cfg_.flavor = detail::flavor::multi_thread; return *this; }
    /// Worker threads of the multi-thread flavour (default: number of cores). Tokio: `worker_threads`.
    builder& worker_threads(std::size_t n) { cfg_.worker_threads = n; return *this; }
    /// Upper bound of the blocking pool (default 512). Tokio: `max_blocking_threads`.
    builder& max_blocking_threads(std::size_t n) { cfg_.max_blocking_threads = n; return *this; }
    /// How long an idle blocking thread lives (default 10 s). Tokio: `thread_keep_alive`.
    builder& thread_keep_alive(std::chrono::nanoseconds d) { cfg_.thread_keep_alive = d; return *this; }
    /// Stack size of worker threads (default 2 MiB). Tokio: `thread_stack_size`.
    builder& thread_stack_size(std::size_t bytes) { cfg_.thread_stack_size = bytes; return *this; }
    /// Name of the runtime's threads. Tokio: `thread_name`.
    builder& thread_name(std::string name) { cfg_.thread_name = std::move(name); return *this; }
    /// Runs on each runtime thread when it starts. Tokio: `on_thread_start`.
    builder& on_thread_start(std::function<void()> f) { cfg_.on_thread_start = std::move(f); return *this; }
    /// Runs on each runtime thread before it stops. Tokio: `on_thread_stop`.
    builder& on_thread_stop(std::function<void()> f) { cfg_.on_thread_stop = std::move(f); return *this; }
    /// Scheduler ticks between polls of the I/O and timer driver (default 61). Tokio: `event_interval`.
    builder& event_interval(std::uint32_t ticks) { cfg_.event_interval = ticks ? ticks : 1; return *this; }
    /// Ticks between checks of the global queue (default 31). Tokio: `global_queue_interval`.
    builder& global_queue_interval(std::uint32_t ticks) { cfg_.global_queue_interval = ticks ? ticks : 1; return *this; }
    /// Starts with the clock paused (auto-advancing when idle). Tokio: `start_paused`.
    builder& start_paused(bool paused) { cfg_.start_paused = paused; return *this; }
    /// Seeds every random choice of the runtime (select order, steal victims). Tokio: `rng_seed`.
    builder& rng_seed(std::uint64_t seed) { cfg_.rng_seed = seed; return *this; }
    /// Deterministic mode (current_thread only; no Tokio equivalent, cf. its `rng_seed` + paused
    /// clock): the clock starts paused, the next task to run is drawn from `seed` among the ready
    /// ones, blocking work runs inline when drawn, and runtime::trace() records the schedule, so one
    /// seed replays one execution exactly. See docs/topics/testing.md.
    builder& deterministic(std::uint64_t seed) {
        cfg_.deterministic = true;
        cfg_.rng_seed = seed;
        cfg_.start_paused = true;
        return *this;
    }

    /// What an exception escaping a spawned task does (default: kept for its join handle).
    /// Tokio: `Builder::unhandled_panic`.
    builder& unhandled_exception(unhandled_exception_policy p) { cfg_.unhandled = p; return *this; }

    /// Creates the runtime (and its threads). Tokio: `Builder::build`.
    [[nodiscard]] runtime build();

private:
    detail::runtime_config cfg_;
};

}  // namespace rt
