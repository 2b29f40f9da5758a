// rt/runtime/join_set_lists.hpp — the idle / notified lists behind rt::join_set (Tokio:
// `tokio::util::IdleNotifiedSet`), so that each task completion costs O(1) instead of a scan.
//
// Every member of a set is a heap `js_entry`. The set owns one reference to it; each copy of the
// entry's waker (registered as the task's join waker) owns another, so a waker may fire from any
// thread, even after the set is gone. The entry is in exactly one of: the idle list (its waker is
// registered, nothing to do), the notified list (join_next must poll it), or no list (removed by
// the set; a late wake is a no-op). Waking an idle entry moves it to the notified list and wakes
// the task waiting in join_next. Invariant: `where`, the idle/notified links and `parent` change
// only under `js_lists::mu`; the `all` links and the handle belong to the set's owner alone.
#pragma once

#include <cstddef>
#include <utility>

#include "rt/core/waker.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

struct js_lists;

/// Links of one intrusive circular doubly-linked list (a list's head is a sentinel link).
struct js_link {
    js_link* prev = this;
    js_link* next = this;

    [[nodiscard]] bool empty() const noexcept { return next == this; }
    void push_back(js_link* n) noexcept {
        n->prev = prev;
        n->next = this;
        prev->next = n;
        prev = n;
    }
    static void unlink(js_link* n) noexcept {
        n->prev->next = n->next;
        n->next->prev = n->prev;
        n->prev = n->next = n;
    }
};

/// One member of a join_set. The base of `join_set<T>::entry`, which adds the join handle.
struct js_entry : js_link {  // the js_link base: idle or notified list, under lists->mu
    enum class where : unsigned char { idle, notified, none };

    explicit js_entry(js_lists* l, void (*destroy)(js_entry*) noexcept) noexcept : lists(l), destroy_fn(destroy) {}

    shim::atomic<std::size_t> refs{1};  // the set's reference + one per waker copy
    js_lists* const lists;               // holds one reference on it (dropped with the entry)
    void (*const destroy_fn)(js_entry*) noexcept;
    where in = where::notified;          // guarded by lists->mu
    struct all_link : js_link {
        js_entry* entry;
    } all{{}, this};                     // the set's list of every member: owner only, no lock
};

/// The lists shared by a set and its entries' wakers; freed when the set and every entry are gone.
struct js_lists {
    shim::atomic<std::size_t> refs{1};  // the set's reference + one per live entry
    // Guards `idle`, `notified`, every entry's `in` and list links, and `parent`. A spin lock: each
    // critical section only moves a few links or a waker pointer pair; no user code runs under it
    // (wakers are woken and dropped after it is released).
    shim::spin_lock mu;
    js_link idle;      // members whose join waker is registered and has not fired
    js_link notified;  // members to poll (new, or woken since their last poll)
    waker parent;      // the task waiting in join_next, taken by the first wake

    static void release(js_lists* l) noexcept {
        // acq_rel: the last owner must see every other owner's writes before it frees the lists.
        if (l->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete l;
    }
};

inline void js_entry_release(js_entry* e) noexcept {
    // acq_rel: as for js_lists; the entry's memory is freed by whichever holder drops it last.
    if (e->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        js_lists* l = e->lists;
        e->destroy_fn(e);
        js_lists::release(l);
    }
}

/// An idle member's task finished (or was woken): move it to the notified list and wake join_next.
inline void js_entry_notify(js_entry* e) noexcept {
    js_lists* l = e->lists;
    waker parent;  // destroyed (after being woken) once the lock is released
    {
        shim::lock_guard<shim::spin_lock> lock(l->mu);
        if (e->in != js_entry::where::idle) return;  // already notified, or removed from the set
        js_link::unlink(e);
        l->notified.push_back(e);
        e->in = js_entry::where::notified;
        parent = std::move(l->parent);
    }
    std::move(parent).wake();
}

inline js_entry* js_entry_of(const void* p) noexcept { return static_cast<js_entry*>(const_cast<void*>(p)); }
// relaxed: a new reference is taken from an existing one, which keeps the entry alive.
inline void js_waker_clone(const void* p) { js_entry_of(p)->refs.fetch_add(1, std::memory_order_relaxed); }
inline void js_waker_wake(const void* p) {
    js_entry_notify(js_entry_of(p));
    js_entry_release(js_entry_of(p));
}
inline void js_waker_wake_by_ref(const void* p) { js_entry_notify(js_entry_of(p)); }
inline void js_waker_drop(const void* p) { js_entry_release(js_entry_of(p)); }

/// The entry's waker: the task's join waker. Safe from any thread, before or after the set is gone.
inline const waker_vtable js_entry_waker_vtable{&js_waker_clone, &js_waker_wake, &js_waker_wake_by_ref, &js_waker_drop};

}  // namespace rt::detail
