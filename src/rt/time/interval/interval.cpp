// rt/time/interval/interval.cpp — see interval.hpp.
#include "rt/time/interval/interval.hpp"

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"

namespace rt::time {

interval_timer::interval_timer(instant start, std::chrono::nanoseconds period) : next_(start), period_(period) {
    if (period.count() <= 0) throw usage_error("rt::time::interval: the period must be positive");
}

poll_result<instant> interval_timer::poll_tick(context& cx) {
    if (!coop::poll_proceed(cx)) return pending;
    if (!entry_.poll_elapsed(cx, next_)) return pending;
    coop::consume();
    const instant scheduled = next_;
    const instant now = instant::now();
    // Tokio's rule: a tick taken within 5 ms of its deadline is on time, whatever the behaviour.
    next_ = now > scheduled + std::chrono::milliseconds(5) ? next_after_late_tick(scheduled, now)
                                                          : scheduled + period_;
    entry_.clear();  // registered again (at next_) by the next poll
    return scheduled;
}

instant interval_timer::next_after_late_tick(instant scheduled, instant now) const noexcept {
    switch (behavior_) {
        case missed_tick_behavior::burst:
            return scheduled + period_;
        case missed_tick_behavior::delay:
            return now + period_;
        case missed_tick_behavior::skip:
            // The first grid point (scheduled + k * period) strictly after now.
            return now + (period_ - (now - scheduled) % period_);
    }
    return scheduled + period_;
}

void interval_timer::reset_at(instant deadline) {
    next_ = deadline;
    entry_.reset(deadline);
}

}  // namespace rt::time
