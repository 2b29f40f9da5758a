// rt/sync/detail/wait_list.hpp — the intrusive FIFO list of waiters every sync primitive uses.
//
// A waiter node lives inside the pending future that waits (no allocation per wait). The list is
// never touched without the owning primitive's mutex; a node is linked iff `linked` is true, and
// only the thread holding that mutex flips it. A future's destructor takes the mutex and unlinks its
// node, which is what makes cancellation (destroying a pending future) safe.
#pragma once

#include <cstddef>
#include <new>

#include "rt/core/waker.hpp"

namespace rt::sync::detail {

/// One waiting future: links plus the waker to wake.
struct waiter_node {
    waiter_node* prev = nullptr;
    waiter_node* next = nullptr;
    bool linked = false;
    rt::waker waker;

    /// Stores the context's waker unless the stored one already wakes the same task.
    void set_waker(const rt::waker& w) {
        if (!waker.will_wake(w)) waker = w;
    }
};

/// Doubly-linked FIFO of waiter_node; the caller holds the primitive's mutex for every call.
class wait_list {
public:
    [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
    [[nodiscard]] waiter_node* front() const noexcept { return head_; }

    void push_back(waiter_node* n) noexcept {
        n->prev = tail_;
        n->next = nullptr;
        if (tail_) {
            tail_->next = n;
        } else {
            head_ = n;
        }
        tail_ = n;
        n->linked = true;
    }

    waiter_node* pop_front() noexcept {
        waiter_node* n = head_;
        if (n) remove(n);
        return n;
    }

    void remove(waiter_node* n) noexcept {
        if (n->prev) {
            n->prev->next = n->next;
        } else {
            head_ = n->next;
        }
        if (n->next) {
            n->next->prev = n->prev;
        } else {
            tail_ = n->prev;
        }
        n->prev = n->next = nullptr;
        n->linked = false;
    }

private:
    waiter_node* head_ = nullptr;
    waiter_node* tail_ = nullptr;
};

/// Wakers collected under a lock and woken after it is released (waking under the lock would
/// make the woken task contend for it at once). Fixed capacity: callers flush when full(). The
/// storage is raw, so an empty list (the uncontended unlock) costs nothing to make or destroy.
class wake_list {
public:
    static constexpr std::size_t capacity = 32;
    wake_list() noexcept = default;
    wake_list(const wake_list&) = delete;
    wake_list& operator=(const wake_list&) = delete;
    ~wake_list() { wake_all(); }

    [[nodiscard]] bool full() const noexcept { return n_ == capacity; }
    void push(rt::waker&& w) noexcept {
        if (!w.empty()) new (slot(n_++)) rt::waker(static_cast<rt::waker&&>(w));
    }
    /// Wakes everything collected (call with no lock held).
    void wake_all() noexcept {
        for (std::size_t i = 0; i < n_; ++i) {
            rt::waker* w = slot(i);
            static_cast<rt::waker&&>(*w).wake();
            w->~waker();
        }
        n_ = 0;
    }

private:
    rt::waker* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<rt::waker*>(buf_) + i); }
    alignas(rt::waker) unsigned char buf_[sizeof(rt::waker) * capacity];
    std::size_t n_ = 0;
};

}  // namespace rt::sync::detail
