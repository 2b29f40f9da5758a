// rt/core/frame_pool.hpp — per-thread size-class pool for coroutine frames and task cells, and the
// "frame arena" that lets a spawned task's root coroutine frame live inside its task cell.
//
// Coroutine frames and spawned-task cells are allocated and freed at a high rate; a per-thread
// free list per 16-byte size class turns most of those into a pointer pop, and a miss carves the
// block from a 64 KiB slab (no malloc call, no malloc header: a task costs exactly its class size).
// Blocks may be freed on another thread than the one that allocated them: they then join that
// thread's lists, and whole chains of 2048 blocks move through a shared depot between threads that
// free more than they allocate and threads that allocate more, so a producer/consumer imbalance
// cannot hoard memory. Blocks (< 2 KiB) are never given back to the system: the pool keeps its peak.
// allocate/deallocate are safe at any point of a thread's life: once the thread's pool is retired
// at thread exit (its blocks went to the depot), later calls on that thread (thread_local
// destructors) use operator new and free into the depot. Under AddressSanitizer the pool (and the arena) is bypassed so use-after-free is still caught.
//
// Frame arena: spawn(f, args...) allocates the task cell with room for f's coroutine frame (its size
// learned from the previous spawn of the same callable type) and offers that room to the first rt
// coroutine frame allocated while it calls f(args...) — normally the root frame of the task — so a
// spawned task is one allocation. Invariant: an arena frame is never passed to the pool or to
// operator delete — the cell marks it with `inline_frame_scope` while it destroys the frame, and a
// frame that is not the task's root (it escaped the cell's control) is remembered in a global set.
#pragma once

#include <cstddef>

namespace rt::detail::frame_pool {

/// Returns storage for `size` bytes (aligned to __STDCPP_DEFAULT_NEW_ALIGNMENT__).
void* allocate(std::size_t size);
/// Returns storage obtained from allocate(size) with the same size.
void deallocate(void* p, std::size_t size) noexcept;

/// True when pooling (and the frame arena) is compiled in (false under AddressSanitizer).
bool enabled() noexcept;
/// Rounds a size up to the pool's size-class granularity.
std::size_t round_size(std::size_t size) noexcept;

/// While alive, the first rt coroutine frame allocated on this thread comes from [ptr, ptr + size)
/// if it fits; its size is recorded either way.
class arena_offer {
public:
    arena_offer(void* ptr, std::size_t size) noexcept;
    ~arena_offer();
    arena_offer(const arena_offer&) = delete;
    arena_offer& operator=(const arena_offer&) = delete;

    /// Whether a frame was placed in the arena.
    [[nodiscard]] bool taken() const noexcept;
    /// Size of the frame the owner's coroutine asked for (0 if none was created).
    [[nodiscard]] std::size_t requested() const noexcept;

private:
    void* saved_[5];
};

/// Called by promise operator new: the offered arena if there is one and `size` fits, else null.
void* take_arena(std::size_t size) noexcept;

/// While alive, deallocate(frame, ...) is a no-op: the frame lives inside a task cell.
class inline_frame_scope {
public:
    explicit inline_frame_scope(void* frame) noexcept;
    ~inline_frame_scope();
    inline_frame_scope(const inline_frame_scope&) = delete;
    inline_frame_scope& operator=(const inline_frame_scope&) = delete;

private:
    void* saved_;
};

/// Records that an arena frame outlives its cell's control (the cell then never frees its block).
void mark_escaped(void* frame);

}  // namespace rt::detail::frame_pool
