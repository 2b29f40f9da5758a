// rt/runtime/local_set/local_scheduler.hpp — the scheduler behind rt::local_set.
//
// Tokio: task/local.rs (`LocalSet`'s shared state). Every task spawned onto a local set points at
// this scheduler (task_header::sched), so any wake — from any thread — comes back here and queues
// the task on the set's run queue; the tasks are polled only by tick(), which runs only on the
// set's owner thread (the first thread that drives it). The set itself is driven by whatever polls
// run_until()/the set: schedule() wakes that driver's waker.
// Invariants: tasks are polled only on owner_; after close, schedule() drops entries (shutdown
// cancels every task through the owned list); the queue holds one reference per entry.
#pragma once

#include <cstddef>

#include "rt/core/waker.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/scheduler/task_fifo.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class local_scheduler final : public scheduler {
public:
    local_scheduler() = default;
    // The last reference is gone: shutting_down_ is read without the lock (see current_thread.cpp).
    ~local_scheduler() override {
        if (!shutting_down_) shutdown(std::nullopt);
    }

    /// Queues a woken task of the set and wakes the set's driver; callable from any thread.
    void schedule(task_header* task) override;
    /// No threads to wake: the driver's waker is woken by schedule().
    void unpark() override {}
    /// A local set is driven by run_until()/awaiting it, never by block_on.
    void block_on(main_future main) override;
    /// Cancels every task (on the calling thread) and drops the queue; idempotent.
    void shutdown(std::optional<std::chrono::nanoseconds> timeout) override;

    /// Polls up to `max_polls` queued tasks on the calling (owner) thread with `cx`'s waker as the
    /// set's driver; true when tasks are still queued afterwards (the caller should yield and
    /// come back: cx's waker was already woken).
    bool tick(context& cx);
    /// Checks that the calling thread may drive the set (binding it on first use).
    void check_owner();
    /// Tasks queued to run.
    std::size_t queued();

    /// The set whose tasks (or run_until future) the calling thread is polling, or null.
    static local_scheduler* current() noexcept;

    /// Makes `s` the current local set of this thread for the scope (restores the previous one).
    class enter_scope {
    public:
        explicit enter_scope(local_scheduler* s) noexcept;
        ~enter_scope();
        enter_scope(const enter_scope&) = delete;
        enter_scope& operator=(const enter_scope&) = delete;

    private:
        local_scheduler* saved_;
    };

    static constexpr int max_polls_per_tick = 61;  // Tokio: LocalSet's MAX_TASKS_PER_TICK

private:
    void close_queues() override;
    void take_queued(task_fifo& out) override;
    task_header* pop();

    // Guards the queue, the driver's waker and closed_: wakes come from any thread.
    shim::mutex mu_;
    task_fifo queue_;
    waker driver_;        // the waker of whoever drives the set (run_until or awaiting the set)
    bool closed_ = false;         // schedule() drops entries
    bool shutting_down_ = false;  // shutdown() ran (makes it idempotent)
    bool ticking_ = false;  // owner thread inside tick(): no need to wake the driver
    shim::thread_id owner_{};  // written once by the owner thread under mu_
};

}  // namespace rt::detail
