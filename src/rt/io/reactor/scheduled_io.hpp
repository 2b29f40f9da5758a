// rt/io/reactor/scheduled_io.hpp — the readiness state of one registered file descriptor.
//
// Tokio equivalent: `runtime::io::ScheduledIo`. The reactor ORs readiness bits into `word_` and
// bumps its tick on every event; a future that saw readiness, tried the syscall and got EAGAIN
// clears the bits only if the tick is unchanged (an event that arrived in between is never lost).
// Invariant: a waiter registered under `mu_` is woken by the first readiness change for its
// direction after it registered, because the reactor publishes bits *before* taking `mu_` and
// pollers re-check the bits *after* registering under `mu_`. Every waiter is woken, not only the
// last: each direction has one slot (the common single waiter) plus a list of further waiters
// (two tasks in recv_from / accept / readable() on one socket), as Tokio's ScheduledIo keeps
// reader/writer wakers beside its waiter list.
#pragma once

#include <cstddef>
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

class scheduled_io;

/// One pending operation's registration with a scheduled_io: a waker and the links of the
/// direction's waiter list. Owned by the operation future (io_op, readiness_op, ...), which is
/// woken through it; its destructor unregisters it, so dropping a pending future (select,
/// timeout) is safe. Tokio: the `Waiter` node of `ScheduledIo::readiness`.
///
/// Protocol (what guards what):
///  - `where_`, `prev_`, `next_`, `d_` and `waker_` are read and written only under the mutex of
///    the scheduled_io the waiter is registered with (`io_`).
///  - `io_` is written under that same mutex (set when the waiter registers, cleared when the
///    reactor wakes it or detaches it) and read by the owner without the lock, to find the mutex:
///    it is atomic for that read. A null `io_` means "in no list or slot, nobody will touch this
///    node again", so the owner may destroy it without locking.
///  - The owner must not destroy or move the waiter while it polls it (it is one future).
///  - The scheduled_io stays alive while a waiter points to it: it is freed only after its
///    io_source was released (reactor_core::remove), and remove() detaches every waiter first.
///    The owner's future holds its io_source, so releasing the source while the owner destroys
///    the waiter on another thread is a data race of the caller's (as with any use of a destroyed
///    object); no synchronisation is provided for it.
class io_waiter {
public:
    io_waiter() noexcept = default;
    /// Takes over `o`'s registration (same slot or list position), so moving a pending future
    /// loses no wake-up.
    io_waiter(io_waiter&& o) noexcept { take_over(o); }
    io_waiter& operator=(io_waiter&& o) noexcept {
        if (this != &o) {
            reset();
            take_over(o);
        }
        return *this;
    }
    io_waiter(const io_waiter&) = delete;
    io_waiter& operator=(const io_waiter&) = delete;
    ~io_waiter() { reset(); }

    /// Unregisters (drops the stored waker). Safe whether or not the waiter is registered.
    void reset() noexcept;

private:
    friend class scheduled_io;
    enum class place : unsigned char { none, slot, list };

    void take_over(io_waiter& o) noexcept;

    shim::atomic<scheduled_io*> io_{nullptr};
    place where_ = place::none;
    direction d_ = direction::read;
    io_waiter* prev_ = nullptr;
    io_waiter* next_ = nullptr;
    waker waker_;
};

class scheduled_io {
public:
    explicit scheduled_io(int fd) noexcept : fd_(fd) {}
    scheduled_io(const scheduled_io&) = delete;
    scheduled_io& operator=(const scheduled_io&) = delete;

    [[nodiscard]] int fd() const noexcept { return fd_; }

    /// Ready when `d` has readiness; otherwise registers `w` for `d` with cx's waker (in the
    /// direction's slot if it is free, else at the back of its waiter list) and returns pending.
    /// A registered waiter is woken by the next readiness event for `d`.
    poll_result<ready_event> poll_ready(context& cx, direction d, io_waiter& w);

    /// Clears `mask` (clearable_mask or would_block_mask of `d`) if no event arrived since `ev` was
    /// observed.
    void clear_readiness(ready_event ev, std::uint32_t mask) noexcept;

    /// The readiness and tick right now (acquire, as poll_ready).
    [[nodiscard]] ready_event current() const noexcept { return decode(word_.load(std::memory_order_acquire)); }

    /// Reactor side: ORs `bits` in, bumps the tick, wakes every waiter of the directions they
    /// concern (slot and list).
    void set_readiness(std::uint32_t bits);

    /// Unregisters every waiter (waking it: its next poll reports the closed object). Called
    /// when the registration is removed, before it may be freed.
    void detach_waiters() noexcept;

    /// Number of waiters registered for `d` (slot + list). For tests and model checks.
    [[nodiscard]] std::size_t waiter_count(direction d);

    // Intrusive links of the reactor's list of live registrations (guarded by the reactor mutex).
    scheduled_io* prev = nullptr;
    scheduled_io* next = nullptr;

private:
    friend class io_waiter;
    static ready_event decode(std::uint64_t w) noexcept {
        return {static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(w >> 32)};
    }
    // All under mu_.
    void link(io_waiter& w, direction d) noexcept;
    void unlink(io_waiter& w) noexcept;
    /// Unlinks up to `n` waiters matching `dirs` (bit 0 read, bit 1 write; all if `all`) and moves
    /// their wakers into `out`; returns how many were taken.
    std::size_t take_waiters(unsigned dirs, waker* out, std::size_t n) noexcept;

    int fd_;
    shim::atomic<std::uint64_t> word_{0};  // (tick << 32) | ready bits
    // A mutex, not atomics, guards the waiter slots and lists: they change at most once per
    // pending poll (rare next to the syscalls), and a waker clone/drop under a lock is simple to
    // get right. Per direction: the slot is the fast path for the common single waiter (no list
    // walk); further concurrent waiters of that direction queue in the list (FIFO).
    shim::mutex mu_;
    io_waiter* slot_[2] = {nullptr, nullptr};
    io_waiter* head_[2] = {nullptr, nullptr};
    io_waiter* tail_[2] = {nullptr, nullptr};
};

}  // namespace rt::io::detail
