// rt/time/wheel/wheel.hpp — the hierarchical timing wheel: 1 tick = 1 ms, 64 ticks per block.
//
// Tokio equivalent: runtime/time/wheel (6 levels of 64 slots). Here the finest level is doubled:
// two 64-slot arrays hold the current block (the 64 ticks that hold `elapsed + 1`) and the
// next one, and levels 1-6 above them hold everything later, placed relative to `horizon()` (the
// start of the next block) as in any hierarchical wheel: level L slot S holds the nodes whose
// tick agrees with the horizon on every bit above 6*(L+1) and whose level-L digit is S. ~139
// years of range.
// Why two finest arrays: when time enters a new block, the nodes of the block after it must come
// down from level 1 (a "cascade", one cache miss per node). With a single finest array that
// cascade had to finish before the first tick of the new block could fire — 59,000 sleeps due
// within the same 64 ms cost a 5.7 ms hold of the wheel's lock during which nothing fired. Now a
// block's nodes come down a whole block ahead of time, in bounded steps (cascade()), and the
// switch to the next block is O(1) when that work is done (advance() finishes any rest first).
// Insert and remove are O(1); finding the next expiry scans at most 8 bitmaps; firing can be
// limited per call, the due nodes left over wait in a FIFO "due" list, still removable.
// Invariants: due-list nodes have tick <= elapsed; current-block nodes tick > elapsed; next-block
// nodes sit in the other finest array; a node in levels 1-6 has tick >= horizon, and the coarse
// slots that hold the horizon (their nodes may belong to the next block) are the pending cascade,
// done before the horizon moves on. Not thread-safe: the owner locks.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "rt/time/wheel/timer_node.hpp"

namespace rt::time::detail {

class wheel {
public:
    static constexpr unsigned bits_per_level = 6;
    static constexpr unsigned slots = 1u << bits_per_level;
    static constexpr unsigned levels = 7;  // the finest (doubled) and 6 coarser ones
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
    /// A lower bound of the next firing (exact unless a cascade is pending or a coarse slot is
    /// next); the elapsed tick when due nodes are waiting.
    [[nodiscard]] std::optional<std::uint64_t> next_expiration() const noexcept;

    /// Brings down up to `limit` nodes of the pending cascade (the next block's nodes still in a
    /// coarse level); true while some are left. Work done ahead of time, so that advance() into
    /// the next block does not have to.
    bool cascade(std::size_t limit) noexcept;

    /// Processes every tick up to `now`: each node whose tick is <= now is unlinked, marked fired
    /// and passed to `fire(node)`, earliest tick first. At most `limit` steps (a node fired or
    /// brought down a level): returns true when it stopped there with work left, the other due
    /// nodes waiting in the due list (next_expiration() reports them as due at once).
    template <class Fire>
    bool advance(std::uint64_t now, Fire&& fire, std::size_t limit = static_cast<std::size_t>(-1)) {
        for (;;) {
            while (due_head_ != nullptr) {
                if (limit == 0) return true;
                --limit;
                timer_node* n = due_head_;
                unlink(n);
                n->state = timer_state::fired;
                fire(n);
            }
            if (occupied_[cur_] != 0) {  // the earliest tick of the current block, if due
                const unsigned s = static_cast<unsigned>(std::countr_zero(occupied_[cur_]));
                const std::uint64_t tick = block_start() + s;
                if (tick <= now) {
                    elapsed_ = tick;
                    move_slot_to_due(cur_, s);
                    continue;
                }
            }
            if (const auto pos = pending_slot(); pos && pos->start <= now) {
                // The pending cascade must be done before the current block can be left.
                if (limit == 0) return true;
                limit = cascade_slot(*pos, limit);
                continue;
            }
            if (now < horizon()) break;
            enter_next_block(now);
        }
        if (now > elapsed_) elapsed_ = now;  // now < horizon: stays in the current block
        return false;
    }

    /// Unlinks every node and passes each to `drop(node)` (runtime shutdown).
    template <class Drop>
    void clear(Drop&& drop) {
        while (timer_node* n = due_head_) {
            unlink(n);
            drop(n);
        }
        for (unsigned r = 0; r < rows; ++r) {
            for (unsigned s = 0; s < slots; ++s) {
                timer_node* n = heads_[r][s];
                heads_[r][s] = nullptr;
                while (n != nullptr) {
                    timer_node* next = n->next;
                    n->prev = n->next = nullptr;
                    --size_;
                    drop(n);
                    n = next;
                }
            }
            occupied_[r] = 0;
        }
    }

private:
    struct slot_pos {
        unsigned row;         // index into heads_ (a coarse level L is row L + 1)
        unsigned slot;
        std::uint64_t start;  // the first tick the slot covers
    };
    // heads_ rows: 0 and 1 are the two finest arrays (cur_ is the current block's), 2..7 are
    // levels 1..6. A node's `level` field holds its row (or due_row).
    static constexpr unsigned rows = levels + 1;
    static constexpr std::uint8_t due_row = rows;

    [[nodiscard]] std::uint64_t block_start() const noexcept { return block_ << bits_per_level; }
    [[nodiscard]] std::uint64_t horizon() const noexcept { return (block_ + 1) << bits_per_level; }
    [[nodiscard]] std::optional<slot_pos> coarse_slot() const noexcept;   // the earliest coarse slot
    [[nodiscard]] std::optional<slot_pos> pending_slot() const noexcept;  // one that holds the horizon
    void place(timer_node* n) noexcept;          // by n->when (> elapsed_), into its row and slot
    void link(timer_node* n, unsigned row, unsigned slot) noexcept;
    void link_due(timer_node* n) noexcept;       // at the back of the due list
    void unlink(timer_node* n) noexcept;         // from its slot or the due list
    void move_slot_to_due(unsigned row, unsigned slot) noexcept;
    std::size_t cascade_slot(const slot_pos& pos, std::size_t limit) noexcept;  // returns limit left
    void enter_next_block(std::uint64_t now) noexcept;  // the current block is done, now >= horizon

    std::uint64_t occupied_[rows] = {};
    timer_node* heads_[rows][slots] = {};
    timer_node* due_head_ = nullptr;  // due (tick <= elapsed_) but not fired yet, earliest first
    timer_node* due_tail_ = nullptr;
    std::uint64_t elapsed_ = 0;
    std::uint64_t block_ = 0;         // the current block: the one holding elapsed_ + 1
    unsigned cur_ = 0;                // the finest row of the current block; cur_ ^ 1 the next's
    std::size_t size_ = 0;
};

}  // namespace rt::time::detail
