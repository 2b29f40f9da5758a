// rt/time/wheel/wheel.cpp — see wheel.hpp.
#include "rt/time/wheel/wheel.hpp"

#include <algorithm>
#include <bit>

namespace rt::time::detail {

bool wheel::insert(timer_node* n) noexcept {
    if (n->when <= elapsed_) return false;
    place(n);
    n->state = timer_state::queued;
    return true;
}

void wheel::place(timer_node* n) noexcept {
    // Blocks after the current one (when >= the current block's start, see the callers).
    const std::uint64_t ahead = (n->when >> bits_per_level) - block_;
    if (ahead < 2) {  // the current or the next block: its finest array, one link
        link(n, cur_ ^ static_cast<unsigned>(ahead), static_cast<unsigned>(n->when) & (slots - 1));
        return;
    }
    // Two blocks ahead or more: the highest bit in which the tick differs from the horizon picks
    // the level (>= 1, the blocks differ); below it the node only needs the finer digits.
    const unsigned top = 63u - static_cast<unsigned>(std::countl_zero((horizon() ^ n->when) | (slots - 1)));
    const unsigned level = top / bits_per_level;
    link(n, level + 1, static_cast<unsigned>(n->when >> (level * bits_per_level)) & (slots - 1));
}

inline void wheel::link(timer_node* n, unsigned row, unsigned slot) noexcept {
    n->level = static_cast<std::uint8_t>(row);
    n->slot = static_cast<std::uint8_t>(slot);
    n->prev = nullptr;
    n->next = heads_[row][slot];
    if (n->next != nullptr) n->next->prev = n;
    heads_[row][slot] = n;
    occupied_[row] |= std::uint64_t{1} << slot;
    ++size_;
}

void wheel::link_due(timer_node* n) noexcept {
    n->level = due_row;
    n->slot = 0;
    n->next = nullptr;
    n->prev = due_tail_;
    if (due_tail_ != nullptr) {
        due_tail_->next = n;
    } else {
        due_head_ = n;
    }
    due_tail_ = n;
    ++size_;
}

void wheel::unlink(timer_node* n) noexcept {
    if (n->level == due_row) {
        if (n->prev != nullptr) {
            n->prev->next = n->next;
        } else {
            due_head_ = n->next;
        }
        if (n->next != nullptr) {
            n->next->prev = n->prev;
        } else {
            due_tail_ = n->prev;
        }
    } else {
        if (n->prev != nullptr) {
            n->prev->next = n->next;
        } else {
            heads_[n->level][n->slot] = n->next;
            if (n->next == nullptr) occupied_[n->level] &= ~(std::uint64_t{1} << n->slot);
        }
        if (n->next != nullptr) n->next->prev = n->prev;
    }
    n->prev = n->next = nullptr;
    --size_;
}

void wheel::remove(timer_node* n) noexcept {
    unlink(n);
    n->state = timer_state::idle;
}

void wheel::replace(timer_node* from, timer_node* to) noexcept {
    to->prev = from->prev;
    to->next = from->next;
    to->when = from->when;
    to->level = from->level;
    to->slot = from->slot;
    to->state = from->state;
    if (to->prev != nullptr) {
        to->prev->next = to;
    } else if (to->level == due_row) {
        due_head_ = to;
    } else {
        heads_[to->level][to->slot] = to;
    }
    if (to->next != nullptr) {
        to->next->prev = to;
    } else if (to->level == due_row) {
        due_tail_ = to;
    }
    from->prev = from->next = nullptr;
    from->state = timer_state::idle;
}

std::optional<wheel::slot_pos> wheel::pending_slot() const noexcept {
    // At each coarse level, the slot that holds the horizon: its nodes agree with the horizon down
    // to that level, so some may belong to the next block. They are checked explicitly because a
    // node inserted meanwhile can occupy a finer level with a slot after the horizon.
    const std::uint64_t h = horizon();
    for (unsigned level = 1; level < levels; ++level) {
        const unsigned row = level + 1;
        const unsigned shift = level * bits_per_level;
        const unsigned digit = static_cast<unsigned>(h >> shift) & (slots - 1);
        if ((occupied_[row] & (std::uint64_t{1} << digit)) == 0) continue;
        const std::uint64_t range_mask = (std::uint64_t{1} << (shift + bits_per_level)) - 1;
        return slot_pos{row, digit, (h & ~range_mask) + (std::uint64_t{digit} << shift)};
    }
    return std::nullopt;
}

std::optional<wheel::slot_pos> wheel::coarse_slot() const noexcept {
    if (auto pos = pending_slot()) return pos;
    // No pending slot: every coarse node is in a slot after the horizon's digit at its level, so
    // the lowest occupied level holds the earliest one.
    const std::uint64_t h = horizon();
    for (unsigned level = 1; level < levels; ++level) {
        const unsigned row = level + 1;
        if (occupied_[row] == 0) continue;
        const unsigned shift = level * bits_per_level;
        const unsigned digit = static_cast<unsigned>(h >> shift) & (slots - 1);
        const std::uint64_t ahead = occupied_[row] & (~std::uint64_t{0} << digit);
        if (ahead == 0) continue;  // cannot happen while the invariant holds
        const unsigned slot = static_cast<unsigned>(std::countr_zero(ahead));
        const std::uint64_t range_mask = (std::uint64_t{1} << (shift + bits_per_level)) - 1;
        return slot_pos{row, slot, (h & ~range_mask) + (std::uint64_t{slot} << shift)};
    }
    return std::nullopt;
}

std::optional<std::uint64_t> wheel::next_expiration() const noexcept {
    if (due_head_ != nullptr) return elapsed_;  // left over from a limited advance: due now
    if (occupied_[cur_] != 0) return block_start() + static_cast<unsigned>(std::countr_zero(occupied_[cur_]));
    std::optional<std::uint64_t> next;
    if (const std::uint64_t occ = occupied_[cur_ ^ 1u]; occ != 0) {
        next = horizon() + static_cast<unsigned>(std::countr_zero(occ));
    }
    // A coarse slot's start is a lower bound of its nodes (a pending one starts at the horizon).
    if (const auto pos = coarse_slot()) next = next ? std::min(*next, pos->start) : pos->start;
    return next;
}

bool wheel::cascade(std::size_t limit) noexcept {
    for (;;) {
        const auto pos = pending_slot();
        if (!pos) return false;
        if (limit == 0) return true;
        limit = cascade_slot(*pos, limit);
    }
}

std::size_t wheel::cascade_slot(const slot_pos& pos, std::size_t limit) noexcept {
    // Every node of a slot that starts at the horizon has a tick >= horizon: it goes to the next
    // block's finest array or to a finer coarse slot that starts after the horizon.
    while (limit != 0) {
        timer_node* n = heads_[pos.row][pos.slot];
        if (n == nullptr) break;
        --limit;
        unlink(n);
        place(n);
    }
    return limit;
}

void wheel::move_slot_to_due(unsigned row, unsigned slot) noexcept {
    timer_node* n = heads_[row][slot];
    heads_[row][slot] = nullptr;
    occupied_[row] &= ~(std::uint64_t{1} << slot);
    while (n != nullptr) {
        timer_node* next = n->next;
        --size_;
        link_due(n);
        n = next;
    }
}

void wheel::enter_next_block(std::uint64_t now) noexcept {
    // The current block is done (its ticks are <= now) and nothing is pending: the next block's
    // nodes are all in the next finest array, so switching is O(1).
    if (occupied_[cur_ ^ 1u] != 0) {
        ++block_;
        cur_ ^= 1u;
    } else {
        // Nothing in the next block either: jump towards min(now, the earliest coarse slot). When
        // that slot is due, stop one block before it, so it starts at the horizon (pending, and
        // brought down by advance() before it moves on).
        const auto pos = coarse_slot();
        if (pos && pos->start <= now) {
            block_ = (pos->start >> bits_per_level) - 1;
        } else {
            block_ = now >> bits_per_level;
        }
    }
    elapsed_ = block_start() - 1;  // nothing lies between the old elapsed and this
}

}  // namespace rt::time::detail
