// rt/time/clock/instant.cpp — instant::now(): the current runtime's clock, else the steady clock.
#include "rt/time/clock/instant.hpp"

#include "rt/time/driver/time_core.hpp"

namespace rt::time {

instant instant::now() noexcept {
    if (detail::time_core* c = detail::try_current_core()) return c->clk.now();
    return instant(clock_type::now());
}

}  // namespace rt::time
