// rt/time/wheel/wheel.cpp — see wheel.hpp.
#include "rt/time/wheel/wheel.hpp"

#include <bit>

namespace rt::time::detail {

bool wheel::insert(timer_node* n) noexcept {
    if (n->when <= elapsed_) return false;
    link(n);
    n->state = timer_state::queued;
    return true;
}

void wheel::link(timer_node* n) noexcept {
    // The highest bit in which the tick differs from elapsed picks the level: below it the node
    // only needs the finer digits, above it they agree (OR-ing the low digit keeps level >= 0).
    const std::uint64_t diff = (elapsed_ ^ n->when) | (slots - 1);
    const unsigned top = 63u - static_cast<unsigned>(std::countl_zero(diff));
    const unsigned level = top / bits_per_level;
    const unsigned slot = static_cast<unsigned>(n->when >> (level * bits_per_level)) & (slots - 1);
    n->level = static_cast<std::uint8_t>(level);
    n->slot = static_cast<std::uint8_t>(slot);
    n->prev = nullptr;
    n->next = heads_[level][slot];
    if (n->next != nullptr) n->next->prev = n;
    heads_[level][slot] = n;
    occupied_[level] |= std::uint64_t{1} << slot;
    ++size_;
}

void wheel::link_due(timer_node* n) noexcept {
    n->level = due_level;
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
    if (n->level == due_level) {
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
    } else if (to->level == due_level) {
        due_head_ = to;
    } else {
        heads_[to->level][to->slot] = to;
    }
    if (to->next != nullptr) {
        to->next->prev = to;
    } else if (to->level == due_level) {
        due_tail_ = to;
    }
    from->prev = from->next = nullptr;
    from->state = timer_state::idle;
}

std::optional<wheel::slot_pos> wheel::next_slot() const noexcept {
    for (unsigned level = 0; level < levels; ++level) {
        if (occupied_[level] == 0) continue;
        const unsigned shift = level * bits_per_level;
        const unsigned digit = static_cast<unsigned>(elapsed_ >> shift) & (slots - 1);
        const std::uint64_t ahead = occupied_[level] & (~std::uint64_t{0} << digit);
        if (ahead == 0) continue;  // cannot happen while the invariant holds
        const unsigned slot = static_cast<unsigned>(std::countr_zero(ahead));
        const std::uint64_t block_mask = (std::uint64_t{1} << (shift + bits_per_level)) - 1;
        return slot_pos{level, slot, (elapsed_ & ~block_mask) + (std::uint64_t{slot} << shift)};
    }
    return std::nullopt;
}

std::optional<std::uint64_t> wheel::next_expiration() const noexcept {
    if (due_head_ != nullptr) return elapsed_;  // left over from a limited advance: due now
    if (auto pos = next_slot()) return pos->start;
    return std::nullopt;
}

timer_node* wheel::take_slot(unsigned level, unsigned slot) noexcept {
    timer_node* head = heads_[level][slot];
    heads_[level][slot] = nullptr;
    occupied_[level] &= ~(std::uint64_t{1} << slot);
    return head;
}

}  // namespace rt::time::detail
