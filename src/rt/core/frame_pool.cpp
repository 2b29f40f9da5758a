// rt/core/frame_pool.cpp — per-thread size-class free lists (see frame_pool.hpp).
//
// Invariant: a block on a thread's list is free and of exactly that list's class size; lists are
// only touched by their own thread, so no synchronisation is needed.
#include "rt/core/frame_pool.hpp"

#include <array>
#include <new>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define RT_FRAME_POOL_ENABLED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_FRAME_POOL_ENABLED 0
#endif
#endif
#ifndef RT_FRAME_POOL_ENABLED
#define RT_FRAME_POOL_ENABLED 1
#endif

namespace rt::detail::frame_pool {
namespace {

constexpr std::size_t class_bytes = 64;     // granularity of a size class
constexpr std::size_t class_count = 32;     // classes cover 64 B .. 2 KiB; larger goes to operator new
constexpr std::size_t list_cap = 4096;      // most free blocks one class keeps per thread

struct free_block {
    free_block* next;
};

struct pool {
    std::array<free_block*, class_count> heads{};
    std::array<std::size_t, class_count> lengths{};
    bool alive = true;

    ~pool() {
        alive = false;
        for (auto*& head : heads) {
            while (head) ::operator delete(std::exchange(head, head->next));
        }
    }
};

thread_local pool tl_pool;

constexpr std::size_t class_of(std::size_t size) noexcept { return (size + class_bytes - 1) / class_bytes - 1; }

}  // namespace

void* allocate(std::size_t size) {
    if constexpr (RT_FRAME_POOL_ENABLED) {
        const std::size_t c = class_of(size);
        if (c < class_count) {
            pool& p = tl_pool;
            if (free_block* b = p.heads[c]) {
                p.heads[c] = b->next;
                --p.lengths[c];
                return b;
            }
            return ::operator new((c + 1) * class_bytes);
        }
    }
    return ::operator new(size);
}

void deallocate(void* ptr, std::size_t size) noexcept {
    if constexpr (RT_FRAME_POOL_ENABLED) {
        const std::size_t c = class_of(size);
        if (c < class_count) {
            pool& p = tl_pool;
            if (p.alive && p.lengths[c] < list_cap) {
                p.heads[c] = new (ptr) free_block{p.heads[c]};
                ++p.lengths[c];
                return;
            }
            ::operator delete(ptr);
            return;
        }
    }
    ::operator delete(ptr);
}

}  // namespace rt::detail::frame_pool
