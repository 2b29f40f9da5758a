// rt/time/driver/pause.cpp — pause/resume/advance on the current runtime's clock (rt/time/pause.hpp).
#include "rt/time/pause.hpp"

#include <string>

#include "rt/core/error.hpp"
#include "rt/core/thread_state.hpp"
#include "rt/time/driver/time_core.hpp"

namespace rt::time {
namespace {

detail::time_core& core_for(const char* what) {
    detail::time_core& c = *detail::current_core(what);
    if (!c.current_thread) {
        throw usage_error(std::string(what) + " needs a current_thread runtime (paused time is only "
                                              "supported there, as in Tokio)");
    }
    return c;
}

}  // namespace

void pause() {
    if (!core_for("rt::time::pause").clk.pause()) throw usage_error("rt::time::pause: time is already frozen");
}

void resume() {
    if (!core_for("rt::time::resume").clk.resume()) throw usage_error("rt::time::resume: time is not frozen");
}

bool is_paused() noexcept {
    detail::time_core* c = detail::try_current_core();
    return c != nullptr && c->clk.paused();
}

poll_result<void> advance_future::poll(context& cx) {
    if (advanced_) return ready();
    detail::time_core& c = core_for("rt::time::advance");
    if (!c.clk.advance_to(c.clk.now() + by_)) {
        throw usage_error("rt::time::advance: time is not frozen (call rt::time::pause() or build the "
                          "runtime with start_paused(true))");
    }
    advanced_ = true;
    // Complete after the scheduler's next driver turn, which fires what became due.
    rt::detail::defer_wake(cx.waker());
    return pending;
}

}  // namespace rt::time
