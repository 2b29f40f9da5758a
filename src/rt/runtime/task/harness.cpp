// rt/runtime/task/harness.cpp — the untyped task operations: wakers, abort, join-handle drop, ids.
#include <atomic>
#include <cstdint>
#include <thread>

#include "rt/core/thread_state.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/task/header.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt::detail {
namespace {

task_header* header(const void* data) noexcept { return static_cast<task_header*>(const_cast<void*>(data)); }

// A wake claims the task's notification, then hands the task to h->sched. The task stays alive
// (the waker holds a reference) but its scheduler only outlives tasks that are not complete: a
// wake from a thread outside the runtime could claim the notification just before shutdown
// cancels the task, and call schedule() after the scheduler was freed. Such wakes are counted;
// shutdown waits for the count to drain once every task is complete (wait_for_remote_wakes).
// Wakes on the runtime's own cores (workers, the current_thread core — threads that are done
// before the scheduler is freed) skip the count.
shim::atomic<std::uint64_t> g_remote_wakes{0};

bool on_own_core(const task_header* h) noexcept {
    const thread_state& ts = tls();
    return ts.defer != nullptr && ts.scheduler == h->sched;
}

class remote_wake_scope {
public:
    explicit remote_wake_scope(const task_header* h) noexcept : counted_(!on_own_core(h)) {
        if (counted_) {
            g_remote_wakes.fetch_add(1, std::memory_order_relaxed);
            // Dekker with wait_for_remote_wakes: this fence orders our count before our read of
            // the task state; the waiter's fence orders the completions before its read of the
            // count. Either it sees our count, or we see the task complete.
            std::atomic_thread_fence(std::memory_order_seq_cst);
        }
    }
    // release: whatever the wake did to the scheduler happens before the waiter's acquire load.
    ~remote_wake_scope() {
        if (counted_) g_remote_wakes.fetch_sub(1, std::memory_order_release);
    }
    remote_wake_scope(const remote_wake_scope&) = delete;
    remote_wake_scope& operator=(const remote_wake_scope&) = delete;

private:
    bool counted_;
};

void waker_clone(const void* data) { header(data)->state.ref_inc(); }

void waker_wake(const void* data) {
    task_header* h = header(data);
    remote_wake_scope guard(h);
    switch (h->state.transition_to_notified_by_val()) {
        case task_state::notify_result::submit:
            h->sched->schedule(h);
            break;
        case task_state::notify_result::dealloc:
            h->vtable->dealloc(h);
            break;
        case task_state::notify_result::do_nothing:
            break;
    }
}

void waker_wake_by_ref(const void* data) {
    task_header* h = header(data);
    remote_wake_scope guard(h);
    if (h->state.transition_to_notified_by_ref()) h->sched->schedule(h);
}

void waker_drop(const void* data) { task_ref_dec(header(data)); }

// Relaxed: ids only need to be unique, not ordered with anything else.
shim::atomic<std::uint64_t> g_next_id{1};

}  // namespace

const waker_vtable task_waker_vtable{&waker_clone, &waker_wake, &waker_wake_by_ref, &waker_drop};

std::uint64_t next_task_id() noexcept { return g_next_id.fetch_add(1, std::memory_order_relaxed); }

void wait_for_remote_wakes() noexcept {
    std::atomic_thread_fence(std::memory_order_seq_cst);  // see remote_wake_scope
    // acquire: pairs with the wakes' release decrements.
    while (g_remote_wakes.load(std::memory_order_acquire) != 0) std::this_thread::yield();
}

void abort_task(task_header* h) noexcept {
    remote_wake_scope guard(h);
    if (h->state.transition_to_notified_and_cancel()) h->sched->schedule(h);
}

void drop_join_handle(task_header* h) noexcept {
    // Before completion, unsetting JOIN_INTEREST also cleared JOIN_WAKER, so the waker field is ours
    // to clear; after completion the output is ours to drop.
    h->vtable->drop_join(h, !h->state.unset_join_interest());
    task_ref_dec(h);
}

}  // namespace rt::detail
