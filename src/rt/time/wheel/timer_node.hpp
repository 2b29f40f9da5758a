// rt/time/wheel/timer_node.hpp — the intrusive entry a timer keeps inside the timing wheel.
//
// A node lives inside the timer object that owns it (sleep, interval, timeout), so inserting and
// removing it allocates nothing. Invariant: every field is read and written only under the mutex
// of the time driver the node is registered with (time_core::mu).
#pragma once

#include <cstdint>

#include "rt/core/waker.hpp"

namespace rt::time::detail {

/// Where a node is: not in the wheel, linked in a wheel slot, or taken out because it fired.
enum class timer_state : std::uint8_t { idle, queued, fired };

struct timer_node {
    timer_node* prev = nullptr;  // slot list links (null prev: the node is the slot's head)
    timer_node* next = nullptr;
    std::uint64_t when = 0;      // the tick (ms since the clock's origin) at which it fires
    std::uint8_t level = 0;      // where it is linked while queued (the wheel's row)
    std::uint8_t slot = 0;
    timer_state state = timer_state::idle;
    rt::waker waker;             // woken (moved out) when the node fires
};

}  // namespace rt::time::detail
