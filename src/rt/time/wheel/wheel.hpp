// rt/time/wheel/wheel.hpp — the hierarchical timing wheel: 7 levels x 64 slots, 1 tick = 1 ms.
//
// Tokio equivalent: runtime/time/wheel (6 levels there; the 7th level here widens the range from
// ~2 years to ~139 years of uptime, so no deadline has to be clamped and re-queued). Level L slot S
// holds the nodes whose tick agrees with `elapsed` on every bit above 6*(L+1) and whose level-L
// digit is S. Insert and remove are O(1) (doubly linked slot lists plus one bitmap per level);
// finding the next expiry scans at most 7 bitmaps. Firing can be limited per call (a busy
// scheduler takes a bounded batch per driver poll); the due nodes left over wait in a FIFO "due"
// list, still queued and still removable, until a later call fires them.
// Invariants: every queued node in a slot has a tick > elapsed(), every node in the due list a
// tick <= elapsed(); a node at level L sits in a slot whose
// digit is greater than elapsed's level-L digit (level 0: greater or equal), so the next expiry is
// always the first occupied slot of the lowest non-empty level. Not thread-safe: the owner locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "rt/time/wheel/timer_node.hpp"

namespace rt::time::detail {

class wheel {
public:
    static constexpr unsigned bits_per_level = 6;
    static constexpr unsigned slots = 1u << bits_per_level;
    static constexpr unsigned levels = 7;
    /// The largest tick the wheel holds; later deadlines are clamped to it (~139 years).
    static constexpr std::uint64_t max_tick = (std::uint64_t{1} << (bits_per_level * levels)) - 1;

    /// The last tick processed: every node due at or before it has fired.
    [[nodiscard]] std::uint64_t elapsed() const noexcept { return elapsed_; }
    /// Nodes currently queued.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    /// Queues `n` at tick `n->when` (<= max_tick). Returns false, leaving `n` untouched, when that
    /// tick is already processed (the caller fires it at once).
    bool insert(timer_node* n) noexcept;
    /// Unlinks a queued node.
    void remove(timer_node* n) noexcept;
    /// Puts `to` where the queued node `from` is (the owner object was moved).
    void replace(timer_node* from, timer_node* to) noexcept;
    /// The tick of the earliest slot that holds nodes (a lower bound of the next firing).
    [[nodiscard]] std::optional<std::uint64_t> next_expiration() const noexcept;

    /// Processes every tick up to `now`: each node whose tick is <= now is unlinked, marked fired
    /// and passed to `fire(node)`, earliest tick first, at most `limit` of them; the other due
    /// nodes wait in the due list for the next call (next_expiration() reports them as due at
    /// once). Nodes of coarser slots move down a level on the way.
    template <class Fire>
    void advance(std::uint64_t now, Fire&& fire, std::size_t limit = static_cast<std::size_t>(-1)) {
        for (;;) {
            while (due_head_ != nullptr) {
                if (limit == 0) return;
                --limit;
                timer_node* n = due_head_;
                unlink(n);
                n->state = timer_state::fired;
                fire(n);
            }
            const auto pos = next_slot();
            if (!pos || pos->start > now) break;
            if (pos->start > elapsed_) elapsed_ = pos->start;
            timer_node* n = take_slot(pos->level, pos->slot);
            while (n != nullptr) {
                timer_node* next = n->next;
                --size_;
                if (n->when <= elapsed_) {
                    link_due(n);
                } else {
                    link(n);  // cascade to a finer level
                }
                n = next;
            }
        }
        if (now > elapsed_) elapsed_ = now;
    }

    /// Unlinks every node and passes each to `drop(node)` (runtime shutdown).
    template <class Drop>
    void clear(Drop&& drop) {
        while (timer_node* n = due_head_) {
            unlink(n);
            drop(n);
        }
        for (unsigned l = 0; l < levels; ++l) {
            for (unsigned s = 0; s < slots; ++s) {
                if (heads_[l][s] == nullptr) continue;
                timer_node* n = take_slot(l, s);
                while (n != nullptr) {
                    timer_node* next = n->next;
                    n->prev = n->next = nullptr;
                    --size_;
                    drop(n);
                    n = next;
                }
            }
        }
    }

private:
    struct slot_pos {
        unsigned level;
        unsigned slot;
        std::uint64_t start;  // the first tick the slot covers
    };
    [[nodiscard]] std::optional<slot_pos> next_slot() const noexcept;
    timer_node* take_slot(unsigned level, unsigned slot) noexcept;  // whole list (still counted in size_)
    void link(timer_node* n) noexcept;                              // n->when > elapsed_
    void link_due(timer_node* n) noexcept;                          // at the back of the due list
    void unlink(timer_node* n) noexcept;                            // from its slot or the due list

    /// The `level` of a node in the due list (past the wheel's levels).
    static constexpr std::uint8_t due_level = levels;

    std::uint64_t occupied_[levels] = {};
    timer_node* heads_[levels][slots] = {};
    timer_node* due_head_ = nullptr;  // due (tick <= elapsed_) but not fired yet, earliest first
    timer_node* due_tail_ = nullptr;
    std::uint64_t elapsed_ = 0;
    std::size_t size_ = 0;
};

}  // namespace rt::time::detail
