// rt/runtime/blocking/block_in_place.cpp — see block_in_place.hpp.
#include "rt/runtime/blocking/block_in_place.hpp"

#include "rt/core/error.hpp"
#include "rt/runtime/scheduler/multi_thread/multi_thread.hpp"

namespace rt::detail {

namespace {
bool enter_or_throw() {
    switch (multi_thread_scheduler::enter_blocking()) {
        case multi_thread_scheduler::blocking_entry::handed_off:
            return true;
        case multi_thread_scheduler::blocking_entry::nested:
            return false;  // nothing to give back at the end
        case multi_thread_scheduler::blocking_entry::not_worker:
            break;
    }
    scheduler* s = scheduler::current();
    if (s && s->num_workers() == 0) {
        throw usage_error(
            "rt::block_in_place: can only be called from a multi-thread runtime (the current-thread "
            "runtime has no other worker to keep tasks running); use spawn_blocking instead");
    }
    return false;  // outside a runtime, or on a multi-thread runtime's block_on thread: just run
}
}  // namespace

block_in_place_guard::block_in_place_guard() : on_worker_(enter_or_throw()) {}

block_in_place_guard::~block_in_place_guard() {
    if (on_worker_) multi_thread_scheduler::leave_blocking();
}

}  // namespace rt::detail
