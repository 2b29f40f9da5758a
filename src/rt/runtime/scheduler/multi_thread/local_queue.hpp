// rt/runtime/scheduler/multi_thread/local_queue.hpp — a worker's bounded run queue: the owner
// pushes and pops at the ends, other workers steal half of it without locks.
//
// Tokio: runtime/scheduler/multi_thread/queue.rs (the same protocol, written anew). `head_` packs
// two 32-bit indices: `real` (the next slot to pop) and `steal` (where an in-progress steal
// started; equal to `real` when no steal runs). `tail_` is written only by the owner.
// Invariants: slots in [real, tail) hold queued tasks; a stealer first claims [real, real+n) by
// moving `real` (while `steal` stays, which blocks other stealers and keeps the owner from
// reusing those slots), copies them, then sets steal = real. tail - steal <= capacity, always.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "rt/runtime/task/header.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class local_queue {
public:
    static constexpr std::uint32_t capacity = 256;  // Tokio: LOCAL_QUEUE_CAPACITY
    static constexpr std::uint32_t mask = capacity - 1;

    /// Where tasks go when the queue is full: the scheduler's injection queue.
    struct overflow {
        virtual void push_batch(task_header* first, task_header* last, std::size_t n) = 0;
        virtual void push_one(task_header* t) = 0;

    protected:
        ~overflow() = default;
    };

    /// Owner only: queues `t` at the back; when full, moves half the queue plus `t` to `ovf`.
    void push_back(task_header* t, overflow& ovf) {
        for (;;) {
            // acquire: see the slots a finished steal released before we overwrite them.
            const std::uint64_t head = head_.load(std::memory_order_acquire);
            const std::uint32_t steal = unpack_steal(head);
            const std::uint32_t real = unpack_real(head);
            const std::uint32_t tail = tail_.load(std::memory_order_relaxed);  // only we write it
            if (tail - steal < capacity) {
                buffer_[tail & mask].store(t, std::memory_order_relaxed);
                // release: a stealer that reads the new tail also sees the slot written above.
                tail_.store(tail + 1, std::memory_order_release);
                return;
            }
            if (steal != real) {  // a stealer is emptying the queue: do not wait for it
                ovf.push_one(t);
                return;
            }
            if (push_overflow(t, real, tail, ovf)) return;
            // A stealer took tasks meanwhile: there is room now, retry.
        }
    }

    /// Owner only: takes the task at the front, or null.
    task_header* pop() {
        std::uint64_t head = head_.load(std::memory_order_acquire);
        for (;;) {
            const std::uint32_t steal = unpack_steal(head);
            const std::uint32_t real = unpack_real(head);
            if (real == tail_.load(std::memory_order_relaxed)) return nullptr;
            const std::uint32_t next_real = real + 1;
            const std::uint64_t next = steal == real ? pack(next_real, next_real) : pack(steal, next_real);
            // acq_rel: claims the slot against stealers (who CAS the same word).
            if (head_.compare_exchange_weak(head, next, std::memory_order_acq_rel, std::memory_order_acquire)) {
                return buffer_[real & mask].load(std::memory_order_relaxed);
            }
        }
    }

    /// Another worker (owner of `dst`, which must be nearly empty) steals half of this queue into
    /// `dst`; returns one stolen task to run now (the others are in dst), or null. `n_out` gets the
    /// number stolen.
    task_header* steal_into(local_queue& dst, std::uint32_t& n_out) {
        const std::uint32_t dst_tail = dst.tail_.load(std::memory_order_relaxed);  // dst is ours
        const std::uint32_t dst_steal = unpack_steal(dst.head_.load(std::memory_order_acquire));
        n_out = 0;
        if (dst_tail - dst_steal > capacity / 2) return nullptr;  // we have enough work of our own
        std::uint32_t n = steal_into2(dst, dst_tail);
        if (n == 0) return nullptr;
        n_out = n;
        --n;
        task_header* ret = dst.buffer_[(dst_tail + n) & mask].load(std::memory_order_relaxed);
        // release: publishes the copied slots to dst's own stealers.
        if (n != 0) dst.tail_.store(dst_tail + n, std::memory_order_release);
        return ret;
    }

    /// Approximate number of queued tasks (exact for the owner when nobody steals).
    [[nodiscard]] std::uint32_t len() const noexcept {
        const std::uint64_t head = head_.load(std::memory_order_acquire);
        return tail_.load(std::memory_order_acquire) - unpack_real(head);
    }
    [[nodiscard]] bool empty() const noexcept { return len() == 0; }
    /// Owner only: how many push_back calls surely fit without overflowing (slots claimed by an
    /// unfinished steal count as taken; `steal` only moves forward, so this is a lower bound).
    [[nodiscard]] std::uint32_t free_slots() const noexcept {
        const std::uint32_t steal = unpack_steal(head_.load(std::memory_order_acquire));
        return capacity - (tail_.load(std::memory_order_relaxed) - steal);
    }
    /// True when other workers could take something (more than the task the owner runs next).
    [[nodiscard]] bool has_stealable() const noexcept { return len() > 1; }

private:
    static std::uint32_t unpack_steal(std::uint64_t v) noexcept { return static_cast<std::uint32_t>(v >> 32); }
    static std::uint32_t unpack_real(std::uint64_t v) noexcept { return static_cast<std::uint32_t>(v); }
    static std::uint64_t pack(std::uint32_t steal, std::uint32_t real) noexcept {
        return (static_cast<std::uint64_t>(steal) << 32) | real;
    }

    bool push_overflow(task_header* t, std::uint32_t head, std::uint32_t tail, overflow& ovf) {
        constexpr std::uint32_t half = capacity / 2;
        (void)tail;
        const std::uint64_t expected_word = pack(head, head);
        std::uint64_t expected = expected_word;
        // Claim the oldest half; acq_rel orders the claim against stealers' CAS on the same word.
        if (!head_.compare_exchange_strong(expected, pack(head + half, head + half), std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
            return false;
        }
        task_header* first = buffer_[head & mask].load(std::memory_order_relaxed);
        task_header* prev = first;
        for (std::uint32_t i = 1; i < half; ++i) {
            task_header* cur = buffer_[(head + i) & mask].load(std::memory_order_relaxed);
            prev->queue_next = cur;
            prev = cur;
        }
        prev->queue_next = t;
        t->queue_next = nullptr;
        ovf.push_batch(first, t, half + 1);
        return true;
    }

    std::uint32_t steal_into2(local_queue& dst, std::uint32_t dst_tail) {
        std::uint64_t prev = head_.load(std::memory_order_acquire);
        std::uint64_t next;
        std::uint32_t n;
        std::uint32_t first;
        for (;;) {
            const std::uint32_t src_steal = unpack_steal(prev);
            const std::uint32_t src_real = unpack_real(prev);
            if (src_steal != src_real) return 0;  // someone else is stealing
            // acquire: the slots up to the owner's published tail are visible to us.
            const std::uint32_t src_tail = tail_.load(std::memory_order_acquire);
            n = src_tail - src_real;
            n -= n / 2;  // half, rounded up
            if (n == 0) return 0;
            first = src_real;
            next = pack(src_steal, src_real + n);
            if (head_.compare_exchange_weak(prev, next, std::memory_order_acq_rel, std::memory_order_acquire)) break;
        }
        for (std::uint32_t i = 0; i < n; ++i) {
            task_header* task = buffer_[(first + i) & mask].load(std::memory_order_relaxed);
            dst.buffer_[(dst_tail + i) & mask].store(task, std::memory_order_relaxed);
        }
        // Release the steal: steal = real (the owner may have popped meanwhile, moving real).
        prev = next;
        for (;;) {
            const std::uint32_t real = unpack_real(prev);
            if (head_.compare_exchange_weak(prev, pack(real, real), std::memory_order_acq_rel,
                                            std::memory_order_acquire)) {
                return n;
            }
        }
    }

    shim::atomic<std::uint64_t> head_{0};
    shim::atomic<std::uint32_t> tail_{0};
    // Slots are atomics only so that the (protocol-ordered) accesses are race-free for TSan;
    // relaxed suffices: head_/tail_ carry the ordering.
    std::array<shim::atomic<task_header*>, capacity> buffer_{};
};

}  // namespace rt::detail
