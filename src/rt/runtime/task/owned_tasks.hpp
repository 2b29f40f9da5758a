// rt/runtime/task/owned_tasks.hpp — the list of every live task of a scheduler.
//
// Shutdown walks it to cancel tasks that are idle (parked on a waker nobody will fire). A spin lock
// guards it: insert (at spawn) and removal (at completion) are a few pointer writes, so a futex
// mutex's uncontended path would cost more than the work; the count doubles as the `alive tasks` metric. Invariant: the list holds one
// reference on each linked task; after close() no task is added.
#pragma once

#include <cstddef>

#include "rt/runtime/task/header.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class owned_tasks {
public:
    owned_tasks() noexcept { head_.prev = head_.next = &head_; }

    /// Links a new task; false when the list is closed (the runtime is shutting down).
    bool bind(task_header* t) {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        if (closed_) return false;
        link_back(&t->owned);
        ++len_;
        return true;
    }

    /// Unlinks a completed task; true when it was still linked (its list reference is the caller's to drop).
    bool remove(task_header* t) {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        if (t->owned.next == nullptr) return false;
        unlink(&t->owned);
        --len_;
        return true;
    }

    /// Unlinks and returns the first task (its list reference moves to the caller), or null.
    task_header* pop_front() {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        if (head_.next == &head_) return nullptr;
        owned_links* l = head_.next;
        unlink(l);
        --len_;
        return task_header::from_links(l);
    }

    /// Refuses new tasks from now on.
    void close() {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        closed_ = true;
    }
    bool is_closed() {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        return closed_;
    }
    /// Number of live tasks.
    std::size_t size() {
        shim::lock_guard<shim::spin_lock> lock(mu_);
        return len_;
    }

private:
    void link_back(owned_links* l) noexcept {
        l->prev = head_.prev;
        l->next = &head_;
        head_.prev->next = l;
        head_.prev = l;
    }
    static void unlink(owned_links* l) noexcept {
        l->prev->next = l->next;
        l->next->prev = l->prev;
        l->prev = l->next = nullptr;
    }

    shim::spin_lock mu_;
    owned_links head_;
    std::size_t len_ = 0;
    bool closed_ = false;
};

}  // namespace rt::detail
