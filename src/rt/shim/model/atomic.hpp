// rt/shim/model/atomic.hpp — rt::model::atomic<T>: an atomic whose every operation is a
// scheduling point and whose loads may read any store the C++ memory model allows.
//
// The memory model (a simplified C++20 one, as loom's; docs/design-notes.md "Model checking"):
//  - each atomic keeps its modification order (every store, oldest first) with, per store, the
//    storing thread's clock stamp and a *sync* clock: the storer's vector clock when the store is
//    release/seq_cst, its clock at its last release fence when relaxed; an RMW adds the sync clock
//    of the store it replaced (release sequences);
//  - a load may read any store from the newest one that happens-before it, or that this thread
//    already read or wrote (coherence), up to the newest; which one is a decision explored like a
//    thread switch (newest first). An acquire load adds the store's sync clock to its thread's
//    clock; a relaxed one keeps it for a later acquire fence;
//  - an RMW (exchange, CAS, fetch_*) always reads the newest store (atomicity); a failed CAS too;
//  - seq_cst operations and fences are totally ordered in execution order: each joins and then
//    publishes the global `sc` clock. This is stronger than C++ (it forbids a few outcomes C++
//    allows around mixed seq_cst and weaker accesses) but sound for Dekker/store-buffering code.
// Invariant: a model atomic registers lazily in the running execution, by address (a constructor
// drops the address's old registration), so objects created by the test body start fresh in each
// execution; outside check() it is a plain single-thread value. sizeof(atomic<T>) == sizeof(T).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <source_location>
#include <string>
#include <type_traits>

#include "rt/shim/model/execution.hpp"

namespace rt::model {
namespace detail {

inline bool is_acquire(std::memory_order o) noexcept {
    return o == std::memory_order_acquire || o == std::memory_order_acq_rel || o == std::memory_order_seq_cst ||
           o == std::memory_order_consume;
}
inline bool is_release(std::memory_order o) noexcept {
    return o == std::memory_order_release || o == std::memory_order_acq_rel || o == std::memory_order_seq_cst;
}
inline const char* order_name(std::memory_order o) noexcept {
    switch (o) {
        case std::memory_order_relaxed: return "relaxed";
        case std::memory_order_consume: return "consume";
        case std::memory_order_acquire: return "acquire";
        case std::memory_order_release: return "release";
        case std::memory_order_acq_rel: return "acq_rel";
        default: return "seq_cst";
    }
}
// The failure order the standard derives from a single-order CAS.
inline std::memory_order failure_order(std::memory_order o) noexcept {
    if (o == std::memory_order_acq_rel) return std::memory_order_acquire;
    if (o == std::memory_order_release) return std::memory_order_relaxed;
    return o;
}

// Operations on a location, shared by every atomic<T> (values travel as 64 bits).
inline void sc_enter(execution& e, std::memory_order o) {
    if (o == std::memory_order_seq_cst) e.me().vc.join(e.sc);
}
inline void sc_leave(execution& e, std::memory_order o) {
    if (o == std::memory_order_seq_cst) e.sc.join(e.me().vc);
}
inline void acquire_from(execution& e, const store_rec& s, std::memory_order o) {
    mthread& t = e.me();
    if (is_acquire(o)) t.vc.join(s.sync);
    else t.acquire_pending.join(s.sync);
}

inline std::uint64_t load(location& l, std::memory_order o, std::string* note) {
    execution& e = current();
    mthread& t = e.me();
    ++t.vc.c[t.id];
    sc_enter(e, o);
    std::size_t floor = l.seen[t.id];
    for (std::size_t i = l.history.size(); i-- > floor;) {
        const store_rec& s = l.history[i];
        if (s.stamp <= t.vc.c[s.tid]) {  // this store happens-before the load: nothing older is visible
            floor = i;
            break;
        }
    }
    const std::size_t newest = l.history.size() - 1;
    std::size_t pick = newest;
    if (e.opts().weak_memory) pick = newest - e.decide(newest - floor + 1);
    if (note && pick != newest) *note = " (stale: " + std::to_string(newest - pick) + " newer store(s) not seen)";
    const store_rec& s = l.history[pick];
    l.seen[t.id] = pick;
    acquire_from(e, s, o);
    sc_leave(e, o);
    return s.bits;
}

inline void store(location& l, std::uint64_t bits, std::memory_order o, const vclock* extra_sync) {
    execution& e = current();
    mthread& t = e.me();
    ++t.vc.c[t.id];
    sc_enter(e, o);
    store_rec r{bits, t.id, t.vc.c[t.id], is_release(o) ? t.vc : t.fence_release};
    if (extra_sync) r.sync.join(*extra_sync);
    l.history.push_back(r);
    l.seen[t.id] = l.history.size() - 1;
    sc_leave(e, o);
}

}  // namespace detail

/// A C++ fence under the model. Tokio's loom: `loom::sync::atomic::fence`.
inline void fence(std::memory_order o, std::source_location loc = std::source_location::current()) {
    if (detail::g_current == nullptr) return;
    detail::execution& e = detail::current();
    e.point();
    detail::mthread& t = e.me();
    ++t.vc.c[t.id];
    if (detail::is_acquire(o)) t.vc.join(t.acquire_pending);
    detail::sc_enter(e, o);
    if (detail::is_release(o)) t.fence_release = t.vc;
    detail::sc_leave(e, o);
    if (e.tracing()) e.trace(std::string("fence(") + detail::order_name(o) + ")", loc);
}

/// std::atomic<T> under the model, for trivially copyable T of at most 8 bytes.
/// Tokio's loom: `loom::sync::atomic::Atomic*`.
template <class T>
class atomic {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8, "model atomics hold at most 8 bytes");
    using loc_t = std::source_location;

public:
    // A new object: forget any registration of an earlier atomic at this address.
    constexpr atomic() noexcept : value_{} {
        if (!std::is_constant_evaluated()) fresh();
    }
    constexpr atomic(T v) noexcept : value_(v) {
        if (!std::is_constant_evaluated()) fresh();
    }
    atomic(const atomic&) = delete;
    atomic& operator=(const atomic&) = delete;

    T load(std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) const {
        if (!active()) return value_;
        detail::execution& e = detail::current();
        e.point();
        std::string note;
        const T v = from(detail::load(where(), o, e.tracing() ? &note : nullptr));
        if (e.tracing()) e.trace(name() + ".load(" + detail::order_name(o) + ") -> " + show(v) + note, loc);
        return v;
    }
    void store(T v, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        if (!active()) {
            value_ = v;
            return;
        }
        detail::execution& e = detail::current();
        e.point();
        detail::store(where(), to(v), o, nullptr);
        if (e.tracing()) e.trace(name() + ".store(" + show(v) + ", " + detail::order_name(o) + ")", loc);
    }
    operator T() const { return load(); }
    T operator=(T v) {
        store(v);
        return v;
    }

    T exchange(T v, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("exchange", o, loc, [v](T) { return v; });
    }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure,
                                 loc_t loc = loc_t::current()) {
        return cas(expected, desired, success, failure, loc);
    }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order o = std::memory_order_seq_cst,
                                 loc_t loc = loc_t::current()) {
        return cas(expected, desired, o, detail::failure_order(o), loc);
    }
    /// Never fails spuriously under the model (a documented simplification).
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success, std::memory_order failure,
                               loc_t loc = loc_t::current()) {
        return cas(expected, desired, success, failure, loc);
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order o = std::memory_order_seq_cst,
                               loc_t loc = loc_t::current()) {
        return cas(expected, desired, o, detail::failure_order(o), loc);
    }

    template <class U = T, class = std::enable_if_t<std::is_integral_v<U> && !std::is_same_v<U, bool>>>
    T fetch_add(T d, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("fetch_add", o, loc, [d](T x) { return static_cast<T>(x + d); });
    }
    template <class U = T, class = std::enable_if_t<std::is_integral_v<U> && !std::is_same_v<U, bool>>>
    T fetch_sub(T d, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("fetch_sub", o, loc, [d](T x) { return static_cast<T>(x - d); });
    }
    template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
    T fetch_and(T d, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("fetch_and", o, loc, [d](T x) { return static_cast<T>(x & d); });
    }
    template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
    T fetch_or(T d, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("fetch_or", o, loc, [d](T x) { return static_cast<T>(x | d); });
    }
    template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
    T fetch_xor(T d, std::memory_order o = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
        return rmw("fetch_xor", o, loc, [d](T x) { return static_cast<T>(x ^ d); });
    }
    T operator++() { return static_cast<T>(fetch_add(1) + 1); }
    T operator--() { return static_cast<T>(fetch_sub(1) - 1); }
    T operator++(int) { return fetch_add(1); }
    T operator--(int) { return fetch_sub(1); }

    /// The model location (registers it in the running execution); futex_wait blocks on it.
    /// (Found by address, so that a model atomic has the size of std::atomic<T>: task_header
    /// and friends static_assert their layout.)
    detail::location& where() const {
        detail::execution& e = detail::current();
        auto [it, added] = e.registry().try_emplace(this, static_cast<int>(e.locations().size()));
        if (added) {
            // The value it was constructed with (or left with outside check()): visible to all.
            e.locations().push_back({it->second, {}, {}});
            e.locations().back().history.push_back({to(value_), e.current(), 0, {}});
        }
        return e.locations()[static_cast<std::size_t>(it->second)];
    }

private:
    static bool active() noexcept { return detail::g_current != nullptr; }
    void fresh() noexcept {
        if (detail::g_current) detail::g_current->registry().erase(this);
    }
    static std::uint64_t to(T v) noexcept {
        std::uint64_t b = 0;
        std::memcpy(&b, &v, sizeof(T));
        return b;
    }
    static T from(std::uint64_t b) noexcept {
        T v;
        std::memcpy(&v, &b, sizeof(T));
        return v;
    }
    static std::string show(T v) {
        if constexpr (std::is_pointer_v<T>) {
            // Named by first appearance in the execution, so a replayed trace is the same text.
            return v ? "ptr" + std::to_string(detail::current().pointer_name(reinterpret_cast<const void*>(v))) : "null";
        } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
            return std::to_string(static_cast<long long>(v));
        } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
            return std::to_string(static_cast<unsigned long long>(v));
        } else {
            return "<value>";
        }
    }
    std::string name() const { return "atomic#" + std::to_string(where().id); }

    bool cas(T& expected, T desired, std::memory_order success, std::memory_order failure, const loc_t& loc) {
        if (!active()) {
            if (std::memcmp(&value_, &expected, sizeof(T)) == 0) {
                value_ = desired;
                return true;
            }
            expected = value_;
            return false;
        }
        detail::execution& e = detail::current();
        e.point();
        detail::location& l = where();
        const detail::store_rec newest = l.history.back();
        const T old = from(newest.bits);
        detail::mthread& t = e.me();
        if (std::memcmp(&old, &expected, sizeof(T)) != 0) {  // fails: a load of the newest store
            ++t.vc.c[t.id];
            detail::sc_enter(e, failure);
            l.seen[t.id] = l.history.size() - 1;
            detail::acquire_from(e, newest, failure);
            detail::sc_leave(e, failure);
            if (e.tracing())
                e.trace(name() + ".compare_exchange(" + show(expected) + " -> " + show(desired) + ", " +
                            detail::order_name(success) + ") fails, sees " + show(old),
                        loc);
            expected = old;
            return false;
        }
        apply(l, newest, desired, success);
        if (e.tracing())
            e.trace(name() + ".compare_exchange(" + show(old) + " -> " + show(desired) + ", " +
                        detail::order_name(success) + ") succeeds",
                    loc);
        return true;
    }

    template <class F>
    T rmw(const char* what, std::memory_order o, const loc_t& loc, F f) {
        if (!active()) return std::exchange(value_, f(value_));
        detail::execution& e = detail::current();
        e.point();
        detail::location& l = where();
        const detail::store_rec newest = l.history.back();
        const T old = from(newest.bits);
        const T next = f(old);
        apply(l, newest, next, o);
        if (e.tracing())
            e.trace(name() + "." + what + "(" + detail::order_name(o) + "): " + show(old) + " -> " + show(next), loc);
        return old;
    }

    // The store half of an RMW that read `read` (the newest store): acquire, then store with the
    // read store's sync clock carried on (the release sequence continues through RMWs).
    void apply(detail::location& l, const detail::store_rec& read, T next, std::memory_order o) {
        detail::execution& e = detail::current();
        detail::acquire_from(e, read, o);  // before the store: its sync clock includes what we acquire
        detail::store(l, to(next), o, &read.sync);
    }

    T value_;
};

}  // namespace rt::model
