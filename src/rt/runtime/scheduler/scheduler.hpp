// rt/runtime/scheduler/scheduler.hpp — what a task needs from the scheduler that runs it.
//
// Both flavours (current_thread, multi_thread), the local set and the blocking pool implement
// this. `schedule` takes ownership of one task reference (the run-queue entry). The scheduler is
// reference counted by hand: the runtime, handles, block_on wakers, runtime threads and every task
// (from its creation to its deallocation, Tokio's `Arc<Handle>` in each task) hold references, so
// a wake from any thread always reaches a live scheduler and shutdown never waits for foreign wakes.
// Invariants: once close() ran, schedule() drops the entry instead of queueing it, so shutdown can
// cancel everything without racing new work; a rejected entry is dropped outside the scheduler's
// locks (it may be the task's last reference, and the task's scheduler reference with it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <optional>
#include <utility>

#include "rt/core/waker.hpp"
#include "rt/runtime/task/header.hpp"
#include "rt/runtime/task/owned_tasks.hpp"
#include "rt/runtime/scheduler/task_fifo.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class driver;

/// The root future of block_on, type-erased: poll returns true when it completed.
struct main_future {
    bool (*poll)(void* self, context& cx);
    void* self;
};

/// Receives exceptions escaping tasks when the runtime's policy is to shut down on them
/// (runtime::builder::unhandled_exception); implemented by the runtime (runtime.cpp).
class failure_sink {
public:
    virtual ~failure_sink() = default;
    /// Called on the thread that polled the task, right after the exception was stored.
    virtual void task_failed(std::exception_ptr e) noexcept = 0;
};

/// Per-worker counters a scheduler reports (Tokio: `RuntimeMetrics::worker_*`).
enum class worker_stat { park_count, steal_count, poll_count, local_queue_depth };

class scheduler {
public:
    virtual ~scheduler() {
        if (blocking_) blocking_->ref_dec();
    }

    /// Drives `main` to completion from the calling thread (which must not run a runtime).
    virtual void block_on(main_future main) = 0;
    /// Cancels every task, stops the threads and the driver; idempotent. With a timeout, waits at
    /// most that long for threads busy in a poll: they are left to finish it, and the last of them
    /// completes the shutdown (multi_thread, blocking pool; Tokio: `shutdown_timeout`).
    virtual void shutdown(std::optional<std::chrono::nanoseconds> timeout) = 0;

    /// Queues a notified task; consumes its queue-entry reference.
    virtual void schedule(task_header* task) = 0;
    /// Wakes a parked worker so it notices new work or shutdown; callable from any thread.
    virtual void unpark() = 0;

    /// Every live task of this scheduler.
    owned_tasks& owned() noexcept { return owned_; }

    /// The runtime's blocking pool (itself a scheduler whose schedule() queues onto its threads),
    /// or null for the pool itself. Set once by the runtime builder, before any task exists.
    scheduler* blocking() const noexcept { return blocking_; }
    /// Adopts one reference on the runtime's blocking pool.
    void set_blocking(scheduler* pool) noexcept { blocking_ = pool; }

    // Metrics (Tokio: RuntimeMetrics); the defaults describe a scheduler with no worker threads.
    /// Worker threads running tasks (0 for current_thread, whose tasks run inside block_on).
    virtual std::size_t num_workers() { return 0; }
    /// Tasks waiting in the shared injection queue.
    virtual std::size_t injection_queue_depth() { return 0; }
    /// One counter of worker `i`.
    virtual std::uint64_t worker_metric(std::size_t i, worker_stat which) {
        (void)i;
        (void)which;
        return 0;
    }

    /// The schedule recorded in deterministic mode (runtime::trace); empty otherwise.
    virtual std::string trace() { return {}; }

    /// The unhandled-exception policy's sink, or null (exceptions stay with the join handles).
    failure_sink* failure() const noexcept { return failure_.get(); }
    /// Installs the sink; set once by the runtime builder, before any task exists.
    void set_failure(std::unique_ptr<failure_sink> f) noexcept { failure_ = std::move(f); }

    /// The current thread's scheduler, or null outside any runtime.
    static scheduler* current() noexcept;

    // Relaxed increment: a new reference is always made from an existing one (a task's from the
    // spawner's, at creation).
    void ref_inc() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
    // acq_rel decrement: the last holder must see every other holder's writes before deleting.
    void ref_dec() noexcept {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }

protected:
    // The shutdown sequence every flavour shares (Tokio's order), in two steps around whatever the
    // flavour must stop in between (its threads):
    /// Step 1: refuse new queue entries (close_queues, under the flavour's lock) and new tasks.
    void close() {
        close_queues();
        owned_.close();
    }
    /// Step 2, on the thread that finishes the shutdown, inside the scheduler's context: cancel
    /// every task still alive (their destructors run here; what they wake or spawn is dropped or
    /// cancelled, so this ends), then drop the queue entries left (take_queued).
    void cancel_all_tasks() {
        while (task_header* t = owned_.pop_front()) t->vtable->shutdown(t);
        task_fifo left;
        take_queued(left);
        while (task_header* t = left.pop_front()) task_ref_dec(t);
    }
    /// Makes schedule() drop entries from now on.
    virtual void close_queues() = 0;
    /// Moves every queued entry into `out`; only called once no thread takes tasks any more.
    virtual void take_queued(task_fifo& out) = 0;

private:
    owned_tasks owned_;
    shim::atomic<std::size_t> refs_{1};
    scheduler* blocking_ = nullptr;
    std::unique_ptr<failure_sink> failure_;
};

/// Drives `main` on the calling thread inside `s`'s context, parking the thread between polls;
/// no task runs here (the multi-thread block_on, and block_on on a shut-down runtime).
void block_on_parked(scheduler* s, driver* d, std::uint64_t seed, main_future main);

/// An owning reference to a scheduler.
class scheduler_ref {
public:
    scheduler_ref() noexcept = default;
    /// Adopts the creation reference of a new scheduler.
    static scheduler_ref adopt(scheduler* s) noexcept {
        scheduler_ref r;
        r.s_ = s;
        return r;
    }
    /// Takes a new reference on a live scheduler.
    static scheduler_ref share(scheduler* s) noexcept {
        if (s) s->ref_inc();
        return adopt(s);
    }
    scheduler_ref(const scheduler_ref& o) noexcept : s_(o.s_) {
        if (s_) s_->ref_inc();
    }
    scheduler_ref(scheduler_ref&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    scheduler_ref& operator=(scheduler_ref o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~scheduler_ref() {
        if (s_) s_->ref_dec();
    }
    scheduler* get() const noexcept { return s_; }
    scheduler* operator->() const noexcept { return s_; }
    explicit operator bool() const noexcept { return s_ != nullptr; }

private:
    scheduler* s_ = nullptr;
};

}  // namespace rt::detail
