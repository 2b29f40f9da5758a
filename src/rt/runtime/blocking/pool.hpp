// rt/runtime/blocking/pool.hpp — the growable pool of threads that runs spawn_blocking work.
//
// Tokio: runtime/blocking/pool.rs. A blocking task is an ordinary task cell whose scheduler is
// this pool: schedule() queues it and hands it to an idle thread, or starts a new thread while
// fewer than max_blocking_threads exist (beyond that the task waits in the queue). Idle threads
// retire after thread_keep_alive. Pool threads enter the owning runtime's context, so spawn() and
// handle::current() work inside blocking work. Shutdown stops taking work, cancels what is still
// queued and waits (optionally up to a deadline) for running work to finish.
// Invariants (all under mu_): num_idle_ counts threads waiting on cv_ that no notify has claimed;
// num_notify_ counts notifies not yet consumed; every started thread is in threads_ or is
// last_exiting_ until it is joined or detached.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "rt/runtime/blocking/os_thread.hpp"
#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/scheduler/task_fifo.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class blocking_pool final : public scheduler {
public:
    /// `owner` is the runtime's scheduler (entered on pool threads); `drv` its driver.
    blocking_pool(const runtime_config& config, scheduler* owner, driver* drv);
    ~blocking_pool() override;

    /// Queues a blocking task (consumes its queue-entry reference); starts a thread if needed.
    void schedule(task_header* task) override;
    void unpark() override {}
    /// A pool never drives a future itself; throws rt::usage_error.
    void block_on(main_future main) override;
    /// Stops the pool; see shutdown_for.
    void shutdown(std::optional<std::chrono::nanoseconds> timeout) override { shutdown_for(timeout); }
    /// Stops the pool: queued tasks are cancelled, running ones are waited for until `timeout`
    /// (none: forever); threads still busy then are left to finish on their own (detached).
    void shutdown_for(std::optional<std::chrono::nanoseconds> timeout);

    /// Threads alive (busy or idle). Tokio: `RuntimeMetrics::num_blocking_threads`.
    std::size_t num_threads();
    /// Threads waiting for work. Tokio: `RuntimeMetrics::num_idle_blocking_threads`.
    std::size_t num_idle_threads();
    /// Tasks waiting for a thread. Tokio: `RuntimeMetrics::blocking_queue_depth`.
    std::size_t queue_depth();

    /// The pool behind a scheduler's blocking() pointer.
    static blocking_pool* of(scheduler* s) noexcept { return static_cast<blocking_pool*>(s->blocking()); }

private:
    void close_queues() override;
    void take_queued(task_fifo& out) override;
    void run_thread(std::uint64_t id);
    void spawn_thread_locked();

    const runtime_config config_;
    scheduler* owner_;
    driver* driver_;

    shim::mutex mu_;
    shim::condition_variable cv_;           // idle threads wait here
    shim::condition_variable shutdown_cv_;  // shutdown waits here for num_threads_ == 0
    task_fifo queue_;
    std::size_t num_threads_ = 0;
    std::size_t num_idle_ = 0;
    std::size_t num_notify_ = 0;
    bool shutting_down_ = false;
    std::uint64_t next_thread_id_ = 0;
    std::map<std::uint64_t, os_thread> threads_;
    os_thread last_exiting_;
};

}  // namespace rt::detail
