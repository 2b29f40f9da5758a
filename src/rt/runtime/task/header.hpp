// rt/runtime/task/header.hpp — the type-erased head of every spawned task.
//
// The header is what wakers, run queues and join handles point to; the typed cell (cell.hpp)
// extends it with the future and the output. It stays within 64 bytes (one cache line): state,
// vtable, run-queue link, owning scheduler, id and the owned-list links (Tokio: runtime/task/core.rs).
#pragma once

#include <cstddef>
#include <cstdint>

#include "rt/core/waker.hpp"
#include "rt/runtime/task/state.hpp"

namespace rt::detail {

struct task_header;
class scheduler;

/// Typed operations of a cell, reached through the header.
struct task_vtable {
    void (*poll)(task_header*);      // run one poll; consumes the queue entry's reference
    void (*shutdown)(task_header*);  // cancel for runtime shutdown; consumes the owned-list reference
    // join handle: null while running (join waker registered), else the output's storage to move from
    void* (*try_read_output)(task_header*, const waker& join_waker);
    // join handle dropped: after completion it drops the output; before, the join waker it left
    void (*drop_join)(task_header*, bool completed);
    void (*dealloc)(task_header*);
};

/// Links of the scheduler's list of every live task (for shutdown).
struct owned_links {
    owned_links* prev = nullptr;
    owned_links* next = nullptr;
};

struct task_header {
    task_state state;
    const task_vtable* vtable;
    task_header* queue_next = nullptr;  // intrusive run-queue link, owned by whichever queue holds it
    scheduler* sched;                   // the scheduler that runs it; the task holds a reference on it
    std::uint64_t id;
    owned_links owned;

    task_header(const task_vtable* vt, scheduler* s, std::uint64_t task_id) noexcept
        : vtable(vt), sched(s), id(task_id) {}

    static task_header* from_links(owned_links* l) noexcept {
        return reinterpret_cast<task_header*>(reinterpret_cast<char*>(l) - offsetof(task_header, owned));
    }
};

static_assert(sizeof(task_header) <= 64, "the task header must fit in one cache line");

/// Drops one reference and deallocates on the last.
inline void task_ref_dec(task_header* h) noexcept {
    if (h->state.ref_dec()) h->vtable->dealloc(h);
}

/// The waker vtable of spawned tasks (data = task_header*).
extern const waker_vtable task_waker_vtable;

/// A fresh task id; ids start at 1 and never repeat within a process. Tokio: `task::Id`.
std::uint64_t next_task_id() noexcept;

}  // namespace rt::detail
