// rt/runtime/scheduler/multi_thread/multi_thread.hpp — the work-stealing multi-thread scheduler.
//
// Tokio: runtime/scheduler/multi_thread/worker.rs. N worker threads, each with a LIFO slot (the
// task most recently woken by the running task: message-passing locality) and a 256-slot local
// queue that others steal half of; a mutex-protected injection queue for wakes from outside the
// workers; at most half the workers searching; the driver polled by one idle worker at a time
// (try-lock) and by every worker each event_interval ticks; the injection queue checked first
// every global_queue_interval ticks; tasks the driver wakes (expired timers, ready I/O) go to the
// local queue while it has room, the rest to a second injection queue that is taken before the
// first (so they do not wait behind overflowed spawns), in wake order. block_on runs the main
// future on the calling thread with a parker-based waker while tasks run on the workers.
// block_in_place puts the calling worker's core down and starts a replacement thread that takes it
// and goes on running the worker (Tokio does the same); when the closure returns, the caller takes
// the core back if it is still free, else it finishes the task it is polling without a core and
// its thread ends.
// Invariants: a worker's core (lifo, deferred list, counters) is touched only by the one thread
// holding it (t_current.has_core; handed over through worker::core_free);
// after close, remote schedule() drops entries; the tasks that are left are cancelled only once
// every worker thread is out of its loop (by shutdown after joining them, or, when a timeout made
// it stop waiting, by the last thread out), so no task is polled and cancelled at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "rt/core/thread_state.hpp"
#include "rt/core/waker.hpp"
#include "rt/runtime/blocking/os_thread.hpp"
#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"
#include "rt/runtime/scheduler/multi_thread/idle.hpp"
#include "rt/runtime/scheduler/multi_thread/local_queue.hpp"
#include "rt/runtime/scheduler/multi_thread/worker_parker.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/scheduler/task_fifo.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class multi_thread_scheduler final : public scheduler, private local_queue::overflow {
public:
    multi_thread_scheduler(const runtime_config& config, std::unique_ptr<detail::driver> driver);
    ~multi_thread_scheduler() override;

    /// Starts the worker threads (after the blocking pool is attached).
    void start();

    void schedule(task_header* task) override;
    void unpark() override;
    void block_on(main_future main) override;
    /// Closes, then waits for the workers to leave their loops (at most `timeout`, if given). If
    /// they did, joins them and cancels the tasks left; otherwise returns and the last worker to
    /// stop does that. Tokio: `Runtime::shutdown_timeout`.
    void shutdown(std::optional<std::chrono::nanoseconds> timeout) override;

    std::size_t num_workers() override { return workers_.size(); }
    std::size_t injection_queue_depth() override { return inject_len_.load(std::memory_order_relaxed); }
    std::uint64_t worker_metric(std::size_t i, worker_stat which) override;

    /// block_in_place support. enter_blocking: on a worker holding its core, hands the core to a
    /// replacement thread and returns handed_off; the caller then runs its blocking code and calls
    /// leave_blocking(), which takes the core back if nobody took it yet.
    enum class blocking_entry { not_worker, nested, handed_off };
    static blocking_entry enter_blocking();
    static void leave_blocking();

private:
    struct worker;

    void run_worker(worker& w, std::uint64_t id, bool replacement);
    void run_core(worker& w);
    void start_thread_locked(worker& w, bool replacement);  // under threads_mu_
    bool hand_off_core(worker& w);
    void retire_thread(std::uint64_t id);
    std::vector<os_thread> close_threads();  // takes every thread handle; no thread starts after
    void join_threads();
    void detach_threads();  // shutdown gave up waiting: the threads end on their own
    task_header* next_task(worker& w);
    task_header* steal_work(worker& w);
    task_header* pop_inject(worker& w);
    void run_task(worker& w, task_header* task);
    void poll_one(worker& w, task_header* task);
    void park(worker& w);
    bool transition_from_parked(worker& w);
    void maintenance(worker& w);
    void wake_deferred(worker& w);
    void schedule_local(worker& w, task_header* task);
    bool spill_driver_wake(worker& w, task_header* task);  // true: kept aside, no room locally
    bool flush_driver_wakes(worker& w);  // moves the spilled driver wakes to inject_woken_
    task_header* pop_inject_locked();    // inject_woken_ first, then inject_; under inject_mu_
    void begin_driver_poll(worker& w);
    void schedule_remote(task_header* task);
    void notify_parked();
    void notify_if_work_pending();
    bool is_closed() const noexcept { return closed_.load(std::memory_order_acquire); }
    void close_queues() override;
    void take_queued(task_fifo& out) override;
    void finish_shutdown();  // once every worker left its loop, on whichever thread saw that last
    static void push_deferred(void* self, const waker& w);

    // local_queue::overflow
    void push_batch(task_header* first, task_header* last, std::size_t n) override;
    void push_one(task_header* t) override;

    const runtime_config config_;
    std::unique_ptr<detail::driver> driver_;
    shim::mutex driver_mu_;  // held by the one worker blocked in (or polling) the driver
    std::uint64_t seed_;
    std::vector<std::unique_ptr<worker>> workers_;
    idle_set idle_;

    shim::mutex inject_mu_;
    task_fifo inject_;
    // Driver wakes (expired timers, ready I/O) that did not fit a worker's local queue: taken
    // before inject_, in the order they were woken, so they do not wait behind overflowed spawns.
    task_fifo inject_woken_;
    shim::atomic<std::size_t> inject_len_{0};  // both queues; relaxed hint so empty checks skip the mutex
    shim::atomic<std::size_t> woken_len_{0};   // inject_woken_'s size; relaxed hint (see maintenance)
    shim::atomic<bool> closed_{false};

    // Guards the shutdown bookkeeping; workers take it once, on their way out.
    shim::mutex shutdown_mu_;
    shim::condition_variable workers_stopped_;  // shutdown waits here for running_workers_ == 0
    std::size_t running_workers_ = 0;  // threads started (workers and replacements) not yet out of run_worker
    bool shut_down_ = false;

    // Every thread that runs (or ran) a worker: the first ones and block_in_place's replacements.
    // A thread that gives up its worker for good parks its handle in last_exiting_ and joins the
    // previous one there (it cannot join itself); join_threads() takes the rest at shutdown.
    shim::mutex threads_mu_;
    std::map<std::uint64_t, os_thread> threads_;
    os_thread last_exiting_;
    std::uint64_t next_thread_id_ = 0;
    bool threads_closed_ = false;  // close_threads() ran: no thread may start any more
    bool abandoned_ = false;  // shutdown stopped waiting: the last worker out finishes it
};

}  // namespace rt::detail
