// rt/runtime/scheduler/block_on_parked.cpp — block_on that parks the calling thread between polls
// of the main future (the multi-thread flavour's block_on, and any flavour's block_on after
// shutdown, when no task runs any more).
//
// The main waker is a reference-counted thread parker, so a waker the future leaves behind (in a
// channel, a timer) stays valid after block_on returned. Invariant: a wake before or during park()
// makes it return (thread_parker's contract), so no wake-up of the main future is lost.
#include "rt/core/coop.hpp"
#include "rt/runtime/context.hpp"
#include "rt/runtime/driver/thread_parker.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"

namespace rt::detail {
namespace {

struct block_on_parker {
    thread_parker parker;
    shim::atomic<std::size_t> refs{1};
    void ref_dec() {
        // acq_rel: the last owner sees every other owner's use before deleting.
        if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }
};
block_on_parker* parker_of(const void* d) { return static_cast<block_on_parker*>(const_cast<void*>(d)); }
// Relaxed: a new reference is made from an existing one.
void bp_clone(const void* d) { parker_of(d)->refs.fetch_add(1, std::memory_order_relaxed); }
void bp_wake_by_ref(const void* d) { parker_of(d)->parker.unpark(); }
void bp_wake(const void* d) {
    parker_of(d)->parker.unpark();
    parker_of(d)->ref_dec();
}
void bp_drop(const void* d) { parker_of(d)->ref_dec(); }
constexpr waker_vtable block_on_waker_vtable{&bp_clone, &bp_wake, &bp_wake_by_ref, &bp_drop};

}  // namespace

void block_on_parked(scheduler* s, driver* d, std::uint64_t seed, main_future main) {
    // No defer sink: a yield inside wakes at once (there is no scheduler loop to come back to).
    enter_guard entered(s, nullptr, seed, d);
    auto* bp = new block_on_parker;
    const waker main_waker(bp, &block_on_waker_vtable);  // adopts the initial reference
    context cx(main_waker);
    for (;;) {
        {
            coop::budget_scope budget;
            if (main.poll(main.self, cx)) return;
        }
        bp->parker.park(std::nullopt);
    }
}

}  // namespace rt::detail
