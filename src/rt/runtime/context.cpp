// rt/runtime/context.cpp — runtime entry checks and the current scheduler.
#include "rt/runtime/context.hpp"

#include <string>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"

namespace rt::detail {

scheduler* scheduler::current() noexcept { return static_cast<scheduler*>(tls().scheduler); }

namespace {
thread_local bool t_blocking_region = false;
}  // namespace

bool& blocking_region_flag() noexcept { return t_blocking_region; }
bool in_blocking_region() noexcept { return t_blocking_region; }
blocking_region_guard::blocking_region_guard() noexcept : saved_(std::exchange(t_blocking_region, true)) {}
blocking_region_guard::~blocking_region_guard() { t_blocking_region = saved_; }

void ensure_not_in_runtime(const char* what) {
    if (tls().scheduler != nullptr && !t_blocking_region) {
        throw usage_error(std::string("Cannot ") + what +
                          " from within a runtime: it would block the thread that drives the runtime's "
                          "tasks. co_await the future instead, or use spawn_blocking for blocking work.");
    }
}

}  // namespace rt::detail
