// rt/runtime/driver/parker_waker.hpp — a reference-counted thread parker and the waker over it.
//
// What a thread that drives a future without a scheduler core parks on (Tokio: CachedParkThread):
// waking it unparks the thread. Invariant: the parker lives as long as its owner or any waker
// clone, whichever is last (the count); an unpark before the park makes that park return at once.
#pragma once

#include <cstddef>

#include "rt/core/waker.hpp"
#include "rt/runtime/driver/thread_parker.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

struct parker_waker {
    thread_parker parker;
    shim::atomic<std::size_t> refs{1};

    // Relaxed increment: a new reference is always made from an existing one.
    void ref_inc() noexcept { refs.fetch_add(1, std::memory_order_relaxed); }
    // acq_rel: the last owner sees every other owner's use before deleting.
    void ref_dec() noexcept {
        if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }

    /// A waker holding a new reference.
    waker make_waker() {
        ref_inc();
        return waker(this, &vtable);
    }

private:
    static parker_waker* of(const void* d) noexcept { return static_cast<parker_waker*>(const_cast<void*>(d)); }
    static void clone(const void* d) { of(d)->ref_inc(); }
    static void wake(const void* d) {
        of(d)->parker.unpark();
        of(d)->ref_dec();
    }
    static void wake_by_ref(const void* d) { of(d)->parker.unpark(); }
    static void drop(const void* d) { of(d)->ref_dec(); }
    static constexpr waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
};

}  // namespace rt::detail
