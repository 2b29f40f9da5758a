// rt/core/frame_pool.hpp — per-thread size-class pool for coroutine frames and task cells.
//
// Coroutine frames and spawned-task cells are allocated and freed at a high rate; a per-thread
// free list per 64-byte size class turns most of those into a pointer pop. Blocks may be freed on
// another thread than the one that allocated them: they then join that thread's lists. Each list is
// capped so a producer/consumer imbalance cannot hoard memory. Under AddressSanitizer the pool is
// bypassed so use-after-free is still caught.
#pragma once

#include <cstddef>

namespace rt::detail::frame_pool {

/// Returns storage for `size` bytes (aligned to __STDCPP_DEFAULT_NEW_ALIGNMENT__).
void* allocate(std::size_t size);
/// Returns storage obtained from allocate(size) with the same size.
void deallocate(void* p, std::size_t size) noexcept;

}  // namespace rt::detail::frame_pool
