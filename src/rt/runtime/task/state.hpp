// rt/runtime/task/state.hpp — the atomic state word of a spawned task.
//
// One 64-bit word holds the lifecycle bits and the reference count, so every transition is one
// atomic read-modify-write (Tokio: runtime/task/state.rs). Bits:
//   RUNNING        a thread is polling the future (it has exclusive access to the future)
//   COMPLETE       the future is gone; the output (value, exception or cancelled) is stored
//   NOTIFIED       a run-queue entry exists, or the running thread must re-queue the task
//   JOIN_INTEREST  a join_handle exists and will read the output
//   JOIN_WAKER     the join handle's waker field is set and owned by the task side
//   CANCELLED      abort() or shutdown asked the task to stop at its next scheduling point
//   output kind    2 bits: what the stage holds after COMPLETE (value, exception, cancelled), set
//                  by the completing RMW, cleared by the join handle when it takes the output
//   layout         fixed before the task is published: whether the root frame lives in the cell's
//                  allocation, whether a stray frame took that room, and the room's size
//   refcount       in the bits above; held by the owned list, the run-queue entry, the join
//                  handle, every waker and abort handle.
// Keeping the output kind and layout here instead of in fields of their own saves a word per task
// (the cell is paid per idle task; task/cell.hpp).
// Invariants: at most one run-queue entry exists (only a transition that sets NOTIFIED on an idle
// task submits); a COMPLETE task is never submitted; transitions are acq_rel so whatever the
// previous owner wrote into the cell (future, output) is visible to the next one.
#pragma once

#include <cstdint>

#include "rt/shim/sync.hpp"

namespace rt::detail {

class task_state {
public:
    static constexpr std::uint64_t running = 1u << 0;
    static constexpr std::uint64_t complete = 1u << 1;
    static constexpr std::uint64_t notified = 1u << 2;
    static constexpr std::uint64_t join_interest = 1u << 3;
    static constexpr std::uint64_t join_waker = 1u << 4;
    static constexpr std::uint64_t cancelled = 1u << 5;
    static constexpr unsigned kind_shift = 6;
    static constexpr std::uint64_t kind_mask = 3u << kind_shift;
    static constexpr std::uint64_t frame_inline = 1u << 8;  // layout: the root frame is in the cell's block
    static constexpr std::uint64_t escaped = 1u << 9;       // layout: a non-root frame took that room
    static constexpr unsigned room_shift = 10;              // layout: the room, in 16-byte units
    static constexpr std::uint64_t room_units_max = 255;
    static constexpr std::uint64_t ref_one = 1u << 18;
    /// A new task: queued once, one reference each for the owned list, the queue entry and the join handle.
    static constexpr std::uint64_t initial = notified | join_interest | 3 * ref_one;

    /// What a completed task's stage holds. `none`: still running, or taken by the join handle.
    enum class output_kind : std::uint64_t { none = 0, value = 1, error = 2, cancelled = 3 };
    enum class run_result { success, cancelled, failed };
    enum class idle_result { ok, ok_notified, cancelled };
    enum class notify_result { do_nothing, submit, dealloc };

    task_state() noexcept : word_(initial) {}

    /// Snapshot, with acquire so the output written before COMPLETE is visible.
    [[nodiscard]] std::uint64_t load() const noexcept { return word_.load(std::memory_order_acquire); }

    /// A queue entry is about to be run: NOTIFIED -> RUNNING. `failed` when the task already
    /// completed (e.g. it was shut down while queued): the caller drops the entry's reference.
    run_result transition_to_running() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & (running | complete)) return run_result::failed;
            const std::uint64_t next = (s & ~notified) | running;
            if (cas(s, next)) return (s & cancelled) ? run_result::cancelled : run_result::success;
        }
    }

    /// The poll returned pending. `ok`: drop the run reference. `ok_notified`: the task was woken
    /// while running; the run reference becomes the new queue entry's. `cancelled`: abort it now.
    idle_result transition_to_idle() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & cancelled) return idle_result::cancelled;
            if (cas(s, s & ~running)) return (s & notified) ? idle_result::ok_notified : idle_result::ok;
        }
    }

    /// RUNNING -> COMPLETE with the output's kind (whose bits are clear while running); returns
    /// the word before the change. release: the output written before is visible to the join
    /// handle that sees COMPLETE.
    std::uint64_t transition_to_complete(output_kind k) noexcept {
        return word_.fetch_xor(running | complete | (static_cast<std::uint64_t>(k) << kind_shift), std::memory_order_acq_rel);
    }
    /// The join handle takes the output: returns its kind and leaves `none`, so a second await is
    /// detected. Only the join handle touches the kind after COMPLETE; acquire as in load().
    output_kind take_output_kind() noexcept {
        return static_cast<output_kind>((word_.fetch_and(~kind_mask, std::memory_order_acquire) & kind_mask) >> kind_shift);
    }
    /// The kind left in a complete task's stage (none once taken).
    [[nodiscard]] output_kind kind() const noexcept {
        return static_cast<output_kind>((load() & kind_mask) >> kind_shift);
    }

    /// Records the cell's layout before the task is published (relaxed: publication orders it).
    void set_layout(std::uint64_t room_units, bool inline_frame, bool stray_frame) noexcept {
        word_.fetch_or((room_units << room_shift) | (inline_frame ? frame_inline : 0) | (stray_frame ? escaped : 0),
                       std::memory_order_relaxed);
    }
    /// The layout bits (relaxed: written before publication, never changed).
    [[nodiscard]] std::uint64_t layout() const noexcept { return word_.load(std::memory_order_relaxed); }
    static std::uint64_t room_units(std::uint64_t layout) noexcept { return (layout >> room_shift) & room_units_max; }

    /// wake() with a waker's reference: that reference becomes the queue entry's when we submit.
    notify_result transition_to_notified_by_val() noexcept {
        std::uint64_t s = load();
        for (;;) {
            std::uint64_t next;
            notify_result r;
            if (s & running) {
                next = (s | notified) - ref_one;  // the running thread re-queues; cannot reach zero
                r = notify_result::do_nothing;
            } else if (s & (complete | notified)) {
                next = s - ref_one;
                r = (next / ref_one == 0) ? notify_result::dealloc : notify_result::do_nothing;
            } else {
                next = s | notified;
                r = notify_result::submit;
            }
            if (cas(s, next)) return r;
        }
    }

    /// wake_by_ref(): true when the caller must submit (a reference was added for the entry).
    bool transition_to_notified_by_ref() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & (complete | notified)) return false;
            const bool submit = !(s & running);
            const std::uint64_t next = submit ? (s | notified) + ref_one : (s | notified);
            if (cas(s, next)) return submit;
        }
    }

    /// abort(): true when the caller must submit (a reference was added for the entry).
    bool transition_to_notified_and_cancel() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & (complete | cancelled)) return false;
            std::uint64_t next = s | cancelled;
            bool submit = false;
            if (s & running) {
                next |= notified;
            } else if (!(s & notified)) {
                next = (next | notified) + ref_one;
                submit = true;
            }
            if (cas(s, next)) return submit;
        }
    }

    /// Runtime shutdown: true when the caller took RUNNING on an idle task and must cancel it.
    bool transition_to_shutdown() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & complete) return false;
            const bool idle = !(s & running);
            const std::uint64_t next = s | cancelled | (idle ? running : 0);
            if (cas(s, next)) return idle;
        }
    }

    /// The join handle goes away. False when the task already completed (the caller then drops the output).
    bool unset_join_interest() noexcept { return clear_unless_complete(join_interest | join_waker); }
    /// Hands the freshly written join waker to the task side. False when the task completed meanwhile.
    bool set_join_waker() noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & complete) return false;
            if (cas(s, s | join_waker)) return true;
        }
    }
    /// Takes the join waker back to replace it. False when the task completed meanwhile.
    bool unset_join_waker() noexcept { return clear_unless_complete(join_waker); }

    // Relaxed: taking a reference needs no ordering, the holder already has access to the task.
    void ref_inc() noexcept { word_.fetch_add(ref_one, std::memory_order_relaxed); }
    /// Drops `n` references; true when they were the last (the caller deallocates). acq_rel so the
    /// deallocating thread sees every other holder's writes.
    bool ref_dec(std::uint64_t n = 1) noexcept {
        const std::uint64_t prev = word_.fetch_sub(n * ref_one, std::memory_order_acq_rel);
        return prev / ref_one == n;
    }

private:
    bool cas(std::uint64_t& expected, std::uint64_t next) noexcept {
        return word_.compare_exchange_weak(expected, next, std::memory_order_acq_rel, std::memory_order_acquire);
    }
    bool clear_unless_complete(std::uint64_t bits) noexcept {
        std::uint64_t s = load();
        for (;;) {
            if (s & complete) return false;
            if (cas(s, s & ~bits)) return true;
        }
    }

    shim::atomic<std::uint64_t> word_;
};

}  // namespace rt::detail
