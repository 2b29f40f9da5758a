// rt/runtime/context.cpp — runtime entry checks and the current scheduler.
#include "rt/runtime/context.hpp"

#include <string>

#include "rt/core/error.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"

namespace rt::detail {

scheduler* scheduler::current() noexcept { return static_cast<scheduler*>(tls().scheduler); }

void ensure_not_in_runtime(const char* what) {
    if (tls().scheduler != nullptr) {
        throw usage_error(std::string("Cannot ") + what +
                          " from within a runtime: it would block the thread that drives the runtime's "
                          "tasks. co_await the future instead, or use spawn_blocking for blocking work.");
    }
}

}  // namespace rt::detail
