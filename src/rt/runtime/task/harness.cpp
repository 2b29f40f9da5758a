// rt/runtime/task/harness.cpp — the untyped task operations: wakers, abort, join-handle drop, ids.
#include <cstdint>

#include "rt/core/thread_state.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/task/header.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt::detail {
namespace {

task_header* header(const void* data) noexcept { return static_cast<task_header*>(const_cast<void*>(data)); }

// A wake claims the task's notification, then hands the task to h->sched. The task holds a
// reference to its scheduler until it is deallocated (cell.hpp), so h->sched is alive for as long
// as the waker's reference keeps the task alive: a wake from any thread, at any time, reaches a
// live scheduler (after shutdown, schedule() drops the entry). No wake is counted anywhere.

// True on a thread that runs h's scheduler (a worker, the current_thread core): that thread keeps
// the scheduler alive, so a wake there needs no extra task reference (one thread-local read).
bool on_own_core(const task_header* h) noexcept {
    const thread_state& ts = tls();
    return ts.defer != nullptr && ts.scheduler == h->sched;
}

void waker_clone(const void* data) { header(data)->state.ref_inc(); }

void waker_wake(const void* data) {
    task_header* h = header(data);
    switch (h->state.transition_to_notified_by_val()) {
        case task_state::notify_result::submit:
            if (on_own_core(h)) {
                // The waker's reference becomes the entry's; this thread keeps the scheduler alive.
                h->sched->schedule(h);
            } else {
                // From elsewhere, keep a reference through schedule(): it may unpark a driver after
                // queueing, and meanwhile the entry may be run and dropped and, with the runtime
                // gone, the task (and its scheduler) freed. Tokio holds one the same way.
                h->state.ref_inc();
                h->sched->schedule(h);
                task_ref_dec(h);
            }
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
    // The waker's reference keeps the task, and so its scheduler, alive through schedule().
    if (h->state.transition_to_notified_by_ref()) h->sched->schedule(h);
}

void waker_drop(const void* data) { task_ref_dec(header(data)); }

// Relaxed: ids only need to be unique, not ordered with anything else.
shim::atomic<std::uint64_t> g_next_id{1};

}  // namespace

const waker_vtable task_waker_vtable{&waker_clone, &waker_wake, &waker_wake_by_ref, &waker_drop};

std::uint64_t next_task_id() noexcept { return g_next_id.fetch_add(1, std::memory_order_relaxed); }

void abort_task(task_header* h) noexcept {
    // The handle's reference keeps the task, and so its scheduler, alive through schedule().
    if (h->state.transition_to_notified_and_cancel()) h->sched->schedule(h);
}

void drop_join_handle(task_header* h) noexcept {
    // Before completion, unsetting JOIN_INTEREST also cleared JOIN_WAKER, so the waker field is ours
    // to clear; after completion the output is ours to drop.
    h->vtable->drop_join(h, !h->state.unset_join_interest());
    task_ref_dec(h);
}

}  // namespace rt::detail
