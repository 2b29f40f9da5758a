// rt/core/frame_pool.cpp — per-thread size-class free lists and the frame arena (see frame_pool.hpp).
//
// Invariant: a block on a thread's list (or in a depot chain) is free and of exactly that class's
// size; thread lists are only touched by their own thread, so they need no synchronisation; the
// depot is behind a mutex taken once per chain of 2048 blocks. The escaped-frame set is almost
// always empty (a relaxed counter guards the lookup).
#include "rt/core/frame_pool.hpp"

#include <algorithm>
#include <array>
#include <new>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

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
constexpr std::size_t chain_len = 2048;     // free blocks moved to/from the shared depot at once
constexpr std::size_t slab_bytes = 64 * 1024;  // fresh blocks are carved from slabs this big

struct free_block {
    free_block* next;
};

// A null-terminated list of free blocks of one class.
struct chain {
    free_block* head = nullptr;
    std::size_t len = 0;
};

// Free blocks shared by all threads, as whole chains: a thread that frees more than it allocates
// (a consumer) hands chains here, a thread that allocates more than it frees takes them, so the
// pool holds at most its peak of live blocks whatever the thread imbalance. Never destroyed
// (thread_local pools hand their blocks back here at thread exit, possibly after static
// destruction began).
struct depot {
    shim::mutex mu;  // guards `chains`; taken once per chain_len blocks, never on the per-block path
    std::array<std::vector<chain>, class_count> chains;
    // Relaxed hint of chains[c].size(), so an allocating thread skips the lock while the depot is
    // empty (the common case: the thread just carves). A stale read only means one more slab
    // block or one useless lock; the chains themselves are handed over under the mutex.
    std::array<shim::atomic<std::size_t>, class_count> counts{};
};
depot& the_depot() {
    static depot* d = new depot;
    return *d;
}

void depot_put(std::size_t c, chain ch) {
    if (ch.head == nullptr) return;
    depot& d = the_depot();
    shim::lock_guard<shim::mutex> lock(d.mu);
    d.chains[c].push_back(ch);
    d.counts[c].store(d.chains[c].size(), std::memory_order_relaxed);
}

chain depot_take(std::size_t c) {
    depot& d = the_depot();
    if (d.counts[c].load(std::memory_order_relaxed) == 0) return {};
    shim::lock_guard<shim::mutex> lock(d.mu);
    if (d.chains[c].empty()) return {};
    chain ch = d.chains[c].back();
    d.chains[c].pop_back();
    d.counts[c].store(d.chains[c].size(), std::memory_order_relaxed);
    return ch;
}

// Per-thread free lists: `active` serves allocations; when it reaches chain_len blocks it becomes
// `spare` (the previous spare goes to the depot), so every operation is O(1) and a thread keeps
// at most 2 * chain_len free blocks of a class. Blocks are never returned to operator delete: a
// block may have been carved from a slab.
//
// Lifetime: the pool is trivially destructible (so its storage stays valid until the thread is
// gone, whatever order thread_local destructors run in) and goes through three phases. `unused`
// until the thread first touches it; then `live`, and a separate thread_local `pool_reaper` is
// constructed, whose destructor retires the pool at thread exit; `retired` from then on. A retired
// pool hands all its blocks to the depot and empties its lists, so code that runs later on the
// thread (destructors of thread_local objects constructed before the pool came alive, static
// destructors on the main thread) allocates from operator new and frees into the depot: no block
// is ever owned by both a thread list and the depot.
enum class phase : unsigned char { unused, live, retired };

struct pool {
    std::array<chain, class_count> active{};
    std::array<chain, class_count> spare{};
    char* slab = nullptr;
    std::size_t slab_left = 0;
    phase state = phase::unused;

    // Called once, by the reaper, at thread exit.
    void retire() noexcept {
        state = phase::retired;
        for (std::size_t c = 0; c < class_count; ++c) {
            depot_put(c, std::exchange(active[c], chain{}));
            depot_put(c, std::exchange(spare[c], chain{}));
        }
        // The rest of the slab becomes free blocks too, so a thread's exit leaks nothing.
        while (slab_left >= class_bytes) {
            const std::size_t bytes = std::min(slab_left, class_count * class_bytes);
            depot_put(bytes / class_bytes - 1, chain{new (slab) free_block{nullptr}, 1});
            slab += bytes;
            slab_left -= bytes;
        }
        slab = nullptr;
    }

    void* carve(std::size_t bytes) {
        if (slab_left < bytes) {
            // The tail of the old slab (< bytes) is too small for this class; keep it for smaller ones.
            if (slab_left >= class_bytes) {
                const std::size_t c = slab_left / class_bytes - 1;
                push(c, slab);
            }
            slab = static_cast<char*>(::operator new(slab_bytes));
            slab_left = slab_bytes;
        }
        void* p = slab;
        slab += bytes;
        slab_left -= bytes;
        return p;
    }

    void push(std::size_t c, void* ptr) noexcept {
        chain& a = active[c];
        if (a.len == chain_len) {
            depot_put(c, spare[c]);
            spare[c] = a;
            a = chain{};
        }
        a.head = new (ptr) free_block{a.head};
        ++a.len;
    }
};
static_assert(std::is_trivially_destructible_v<pool>, "read after thread_local destructors ran");

// constinit + trivially destructible: reached without a TLS init guard, valid all thread long.
constinit thread_local pool tl_pool;

// Retires tl_pool when the thread's thread_local objects are destroyed. Constructed (and its
// destructor registered) on the pool's first use, so it is destroyed before every thread_local
// object constructed earlier; those then find the pool retired.
struct pool_reaper {
    bool armed = false;
    ~pool_reaper() {
        if (armed) tl_pool.retire();
    }
};
thread_local pool_reaper tl_reaper;

// First use of the pool on this thread (cold): arms the reaper. False if the pool was retired.
[[gnu::noinline]] bool bring_up(pool& p) noexcept {
    if (p.state == phase::retired) return false;
    tl_reaper.armed = true;  // odr-use: constructs the reaper and registers its destructor
    p.state = phase::live;
    return true;
}

struct arena_state {
    void* ptr = nullptr;
    std::size_t size = 0;
    bool offered = false;
    bool taken = false;
    std::size_t requested = 0;
    void* inline_frame = nullptr;
};

// Trivially destructible too: the arena may be offered by a spawn in a thread_local destructor.
constinit thread_local arena_state tl_arena;

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
            chain& a = p.active[c];
            if (a.head == nullptr) [[unlikely]] {
                // A retired pool's lists stay empty: its blocks are the depot's now, and a thread
                // that is exiting should not take chains it would strand.
                if (p.state != phase::live && !bring_up(p)) return ::operator new((c + 1) * class_bytes);
                if (p.spare[c].head != nullptr) {
                    a = std::exchange(p.spare[c], chain{});
                } else {
                    a = depot_take(c);
                }
            }
            if (free_block* b = a.head) {
                a.head = b->next;
                --a.len;
                return b;
            }
            return p.carve((c + 1) * class_bytes);
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
            if (p.state == phase::live || bring_up(p)) [[likely]] {
                p.push(c, ptr);
            } else {
                depot_put(c, chain{new (ptr) free_block{nullptr}, 1});  // this thread's pool is retired
            }
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
