// rt/runtime/metrics/runtime_metrics.hpp — rt::runtime_metrics, a live view of a runtime's counters.
//
// Tokio: `tokio::runtime::RuntimeMetrics`. Every call reads the current value (relaxed atomics or a
// short lock), so numbers taken while the runtime runs are snapshots that may already be stale.
// Invariant: the view keeps the scheduler alive, so it stays usable after the runtime is dropped
// (counters then stop moving).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "rt/runtime/blocking/pool.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"

namespace rt {

/// Counters of one runtime. Tokio: `RuntimeMetrics`.
class runtime_metrics {
public:
    explicit runtime_metrics(detail::scheduler_ref s) noexcept : s_(std::move(s)) {}

    /// Worker threads (0 for the current-thread flavour). Tokio: `num_workers`.
    [[nodiscard]] std::size_t num_workers() const { return s_->num_workers(); }
    /// Tasks spawned and not yet finished. Tokio: `num_alive_tasks`.
    [[nodiscard]] std::size_t num_alive_tasks() const { return s_->owned().size(); }
    /// Tasks waiting in the global (injection) queue. Tokio: `global_queue_depth`.
    [[nodiscard]] std::size_t global_queue_depth() const { return s_->injection_queue_depth(); }
    /// Times worker `i` parked. Tokio: `worker_park_count`.
    [[nodiscard]] std::uint64_t worker_park_count(std::size_t i) const { return stat(i, detail::worker_stat::park_count); }
    /// Tasks worker `i` stole from other workers. Tokio: `worker_steal_count`.
    [[nodiscard]] std::uint64_t worker_steal_count(std::size_t i) const { return stat(i, detail::worker_stat::steal_count); }
    /// Task polls by worker `i`. Tokio: `worker_poll_count`.
    [[nodiscard]] std::uint64_t worker_poll_count(std::size_t i) const { return stat(i, detail::worker_stat::poll_count); }
    /// Tasks in worker `i`'s local queue. Tokio: `worker_local_queue_depth`.
    [[nodiscard]] std::uint64_t worker_local_queue_depth(std::size_t i) const {
        return stat(i, detail::worker_stat::local_queue_depth);
    }
    /// Threads of the blocking pool, busy or idle. Tokio: `num_blocking_threads`.
    [[nodiscard]] std::size_t num_blocking_threads() const { return pool() ? pool()->num_threads() : 0; }
    /// Idle threads of the blocking pool. Tokio: `num_idle_blocking_threads`.
    [[nodiscard]] std::size_t num_idle_blocking_threads() const { return pool() ? pool()->num_idle_threads() : 0; }
    /// Blocking tasks waiting for a thread. Tokio: `blocking_queue_depth`.
    [[nodiscard]] std::size_t blocking_queue_depth() const { return pool() ? pool()->queue_depth() : 0; }

private:
    std::uint64_t stat(std::size_t i, detail::worker_stat w) const { return s_->worker_metric(i, w); }
    detail::blocking_pool* pool() const noexcept { return detail::blocking_pool::of(s_.get()); }
    detail::scheduler_ref s_;
};

}  // namespace rt
