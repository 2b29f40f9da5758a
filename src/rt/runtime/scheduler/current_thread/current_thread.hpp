// rt/runtime/scheduler/current_thread/current_thread.hpp — the single-threaded scheduler.
//
// Tasks run only on the thread inside block_on (the thread that holds the *core*: the local run
// queue and the deferred-wake list). Wakes from other threads go through the mutex-protected inject
// queue and unpark the driver. A second block_on (another thread, or a blocking-pool thread while
// the first awaits its work) does not wait for the core: it drives its own future on its thread
// with a parker-based waker, and takes the core when the holder releases it (Tokio:
// CurrentThread::block_on with its Notify). Tokio: runtime/scheduler/current_thread/mod.rs.
// Invariants: the core is touched only by the thread holding core_mu_; every release of core_mu_
// unparks the block_on calls registered as waiting for it (core_guard); after close, schedule()
// drops entries; every task still alive at shutdown is cancelled before the driver goes away.
// Deterministic mode (builder::deterministic) replaces the FIFO order by a seeded draw among every
// ready task (see next_task_seeded) and records each scheduling decision in trace_.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rt/core/thread_state.hpp"
#include "rt/core/waker.hpp"
#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"
#include "rt/runtime/driver/parker_waker.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/scheduler/task_fifo.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class current_thread_scheduler final : public scheduler {
public:
    current_thread_scheduler(const runtime_config& config, std::unique_ptr<detail::driver> driver);
    ~current_thread_scheduler() override;

    void schedule(task_header* task) override;
    void unpark() override;

    /// Runs tasks on this thread until `main` completes.
    void block_on(main_future main) override;
    /// Cancels every task and stops the driver; idempotent. Waits for the core (the timeout has
    /// no worker threads to bound).
    void shutdown(std::optional<std::chrono::nanoseconds> timeout) override;

    /// Tasks woken from other threads and not yet taken by the core (metrics: global queue depth).
    std::size_t injection_queue_depth() override { return inject_len_.load(std::memory_order_relaxed); }

    /// Tasks waiting in the run queues (metrics).
    std::size_t queued_tasks();

    std::string trace() override;

private:
    class core_guard;
    bool drive_without_core(main_future main, shim::unique_lock<shim::mutex>& core);
    void notify_core_waiters();
    bool acquire_core_until(shim::unique_lock<shim::mutex>& core, std::chrono::steady_clock::time_point deadline);
    void finish_shutdown_locked();
    void finish_pending_shutdown();
    void close_queues() override;
    void take_queued(task_fifo& out) override;
    static void push_deferred(void* self, const waker& w);
    task_header* next_task();
    task_header* next_task_seeded();
    void record(const char* event, task_header* task);
    void append_trace(std::string_view line);
    void run(task_header* task);
    void park(bool may_block);
    void wake_deferred();

    const runtime_config config_;
    std::unique_ptr<detail::driver> driver_;
    std::uint64_t seed_;

    // The core: only the thread holding core_mu_ touches these.
    shim::mutex core_mu_;
    task_fifo local_;
    std::vector<waker> deferred_;
    std::uint32_t tick_ = 0;
    defer_sink defer_sink_{&current_thread_scheduler::push_deferred, this};
    // Deterministic mode only: every ready task (drawn from with det_rng_), the trace, and the
    // number each task got at its first poll (task ids are process-wide, so they differ run to run).
    std::vector<task_header*> det_ready_;
    std::uint64_t det_rng_ = 0;
    shim::mutex trace_mu_;  // guards trace_ (appended by the core owner, read by runtime::trace())
    std::string trace_;
    std::unordered_map<std::uint64_t, std::uint32_t> trace_numbers_;

    // Shared with every thread that wakes a task of this scheduler.
    shim::mutex inject_mu_;
    task_fifo inject_;
    // relaxed-readable hint that inject_ is non-empty, so the hot path skips the mutex.
    shim::atomic<std::size_t> inject_len_{0};
    shim::atomic<bool> main_woken_{true};  // set by the block_on waker from any thread
    shim::atomic<bool> closed_{false};
    bool shut_down_ = false;
    // A shutdown_timeout that could not get the core in time: the core's holder finishes the
    // shutdown when it releases the core (see finish_pending_shutdown for the handshake).
    shim::atomic<bool> shutdown_pending_{false};

    // The block_on calls driving their future while another holds the core; each is unparked
    // whenever the core is released. The mutex orders a registration against a release.
    shim::mutex waiters_mu_;
    std::vector<parker_waker*> core_waiters_;

    friend struct main_waker_ops;

};

}  // namespace rt::detail
