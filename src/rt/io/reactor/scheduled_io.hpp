// rt/io/reactor/scheduled_io.hpp — the readiness state of one registered file descriptor.
//
// Tokio equivalent: `runtime::io::ScheduledIo`. The reactor ORs readiness bits into `word_` and
// bumps its tick on every event; a future that saw readiness, tried the syscall and got EAGAIN
// clears the bits only if the tick is unchanged (an event that arrived in between is never lost).
// Invariant: a waker stored under `mu_` is woken by the first readiness change after it was
// stored, because the reactor publishes bits *before* taking `mu_` and pollers re-check the bits
// *after* storing their waker under `mu_`.
#pragma once

#include <cstdint>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/shim/sync.hpp"

namespace rt::io::detail {

/// Readiness bits (low 32 bits of the word). Tokio: `Ready`.
enum ready_bits : std::uint32_t {
    ready_readable = 1u << 0,
    ready_writable = 1u << 1,
    ready_read_closed = 1u << 2,
    ready_write_closed = 1u << 3,
    ready_error = 1u << 4,
    ready_shutdown = 1u << 5,  // the reactor is gone: every operation fails
};

/// Which waker slot (and which readiness) an operation waits for. Tokio: `Direction`.
enum class direction : unsigned { read = 0, write = 1 };

/// Bits that make an operation in direction `d` worth trying.
constexpr std::uint32_t readiness_mask(direction d) noexcept {
    return d == direction::read ? (ready_readable | ready_read_closed | ready_error | ready_shutdown)
                                : (ready_writable | ready_write_closed | ready_error | ready_shutdown);
}
/// Bits a short transfer clears for direction `d` (the kernel buffer was drained or filled). Closed
/// bits are sticky there (a closed side stays closed); the error bit is not: the syscall that
/// reported the socket error consumed it.
constexpr std::uint32_t clearable_mask(direction d) noexcept {
    return d == direction::read ? (ready_readable | ready_error) : (ready_writable | ready_error);
}
/// Bits an EAGAIN clears for direction `d`: the clearable ones and that side's closed bit. A read
/// that would block proves the read side is open (after a FIN or reset it returns 0 or an error,
/// never EAGAIN), and likewise for writes. Kept, the closed bit would send every later poll
/// straight back into a syscall that keeps saying EAGAIN: a worker spinning inside one poll. Such a
/// bit comes from EPOLLHUP, which the kernel reports for a stream socket registered before it
/// connects (state CLOSE), or from a FIFO whose writer came back.
constexpr std::uint32_t would_block_mask(direction d) noexcept {
    return clearable_mask(d) | (d == direction::read ? ready_read_closed : ready_write_closed);
}

/// What a poll observed: the ready bits and the tick they carried.
struct ready_event {
    std::uint32_t ready = 0;
    std::uint32_t tick = 0;
};

class scheduled_io {
public:
    explicit scheduled_io(int fd) noexcept : fd_(fd) {}
    scheduled_io(const scheduled_io&) = delete;
    scheduled_io& operator=(const scheduled_io&) = delete;

    [[nodiscard]] int fd() const noexcept { return fd_; }

    /// Ready when `d` has readiness; otherwise stores cx's waker in the `d` slot, sets `token` to
    /// the slot's new token (for clear_waker) and returns pending.
    poll_result<ready_event> poll_ready(context& cx, direction d, std::uint64_t& token);

    /// Clears `mask` (clearable_mask or would_block_mask of `d`) if no event arrived since `ev` was
    /// observed.
    void clear_readiness(ready_event ev, std::uint32_t mask) noexcept;

    /// The readiness and tick right now (acquire, as poll_ready).
    [[nodiscard]] ready_event current() const noexcept { return decode(word_.load(std::memory_order_acquire)); }

    /// Drops the waker of slot `d` if it is still the one registered under `token` (a destroyed
    /// future unregisters itself this way).
    void clear_waker(direction d, std::uint64_t token) noexcept;

    /// Reactor side: ORs `bits` in, bumps the tick, wakes the slots they concern.
    void set_readiness(std::uint32_t bits);

    // Intrusive links of the reactor's list of live registrations (guarded by the reactor mutex).
    scheduled_io* prev = nullptr;
    scheduled_io* next = nullptr;

private:
    static ready_event decode(std::uint64_t w) noexcept {
        return {static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(w >> 32)};
    }

    int fd_;
    shim::atomic<std::uint64_t> word_{0};  // (tick << 32) | ready bits
    // A mutex, not atomics, guards the two waker slots: they change at most once per pending poll
    // (rare next to the syscalls), and a waker clone/drop under a lock is simple to get right.
    shim::mutex mu_;
    waker wakers_[2];
    std::uint64_t tokens_[2] = {0, 0};
    std::uint64_t next_token_ = 0;
};

}  // namespace rt::io::detail
