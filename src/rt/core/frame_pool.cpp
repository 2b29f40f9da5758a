// rt/core/frame_pool.cpp — per-thread size-class free lists and the frame arena (see frame_pool.hpp).
//
// Invariant: a block on a thread's list is free and of exactly that list's class size; lists are
// only touched by their own thread, so no synchronisation is needed. The escaped-frame set is the
// only shared state and is almost always empty (a relaxed counter guards the lookup).
#include "rt/core/frame_pool.hpp"

#include <array>
#include <new>
#include <unordered_set>
#include <utility>

#include "rt/shim/sync.hpp"

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

constexpr std::size_t class_bytes = 16;     // granularity of a size class (malloc's own alignment)
constexpr std::size_t class_count = 128;    // classes cover 16 B .. 2 KiB; larger goes to operator new
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

struct arena_state {
    void* ptr = nullptr;
    std::size_t size = 0;
    bool offered = false;
    bool taken = false;
    std::size_t requested = 0;
    void* inline_frame = nullptr;
};

thread_local pool tl_pool;
thread_local arena_state tl_arena;

// Frames that escaped their cell (pathological: a functor whose call created another coroutine on
// itself first). Guarded by a mutex; the counter lets deallocate skip the lookup (relaxed: a frame
// is marked before its cell could ever free it, on the same thread that marked it or after a
// synchronising hand-off of the frame).
shim::atomic<std::size_t> g_escaped_count{0};
shim::mutex g_escaped_mu;
std::unordered_set<void*>& escaped() {
    static std::unordered_set<void*> set;
    return set;
}

bool forget_escaped(void* p) {
    if (g_escaped_count.load(std::memory_order_relaxed) == 0) return false;
    shim::lock_guard<shim::mutex> lock(g_escaped_mu);
    if (escaped().erase(p) == 0) return false;
    g_escaped_count.fetch_sub(1, std::memory_order_relaxed);
    return true;
}

constexpr std::size_t class_of(std::size_t size) noexcept { return (size + class_bytes - 1) / class_bytes - 1; }

}  // namespace

bool enabled() noexcept { return RT_FRAME_POOL_ENABLED != 0; }

std::size_t round_size(std::size_t size) noexcept { return (size + class_bytes - 1) / class_bytes * class_bytes; }

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
        if (ptr == tl_arena.inline_frame) return;  // lives inside a task cell
        if (forget_escaped(ptr)) return;
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

arena_offer::arena_offer(void* ptr, std::size_t size) noexcept {
    arena_state& a = tl_arena;
    saved_[0] = a.ptr;
    saved_[1] = reinterpret_cast<void*>(a.size);
    saved_[2] = reinterpret_cast<void*>(static_cast<std::size_t>(a.offered));
    saved_[3] = reinterpret_cast<void*>(static_cast<std::size_t>(a.taken));
    saved_[4] = reinterpret_cast<void*>(a.requested);
    a.ptr = ptr;
    a.size = size;
    a.offered = true;
    a.taken = false;
    a.requested = 0;
}

arena_offer::~arena_offer() {
    arena_state& a = tl_arena;
    a.ptr = saved_[0];
    a.size = reinterpret_cast<std::size_t>(saved_[1]);
    a.offered = reinterpret_cast<std::size_t>(saved_[2]) != 0;
    a.taken = reinterpret_cast<std::size_t>(saved_[3]) != 0;
    a.requested = reinterpret_cast<std::size_t>(saved_[4]);
}

bool arena_offer::taken() const noexcept { return tl_arena.taken; }
std::size_t arena_offer::requested() const noexcept { return tl_arena.requested; }

void* take_arena(std::size_t size) noexcept {
    if constexpr (RT_FRAME_POOL_ENABLED) {
        arena_state& a = tl_arena;
        if (!a.offered) return nullptr;
        a.offered = false;  // only the first frame
        a.requested = size;
        if (size > a.size) return nullptr;
        a.taken = true;
        return a.ptr;
    }
    return nullptr;
}

inline_frame_scope::inline_frame_scope(void* frame) noexcept : saved_(std::exchange(tl_arena.inline_frame, frame)) {}
inline_frame_scope::~inline_frame_scope() { tl_arena.inline_frame = saved_; }

void mark_escaped(void* frame) {
    shim::lock_guard<shim::mutex> lock(g_escaped_mu);
    escaped().insert(frame);
    g_escaped_count.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace rt::detail::frame_pool
