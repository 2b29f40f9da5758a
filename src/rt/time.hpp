// rt/time.hpp — the time area: instant, sleep, interval, timeout and test time
// (`import rt.time;` exports the same names). Tokio: `tokio::time`.
#pragma once

#include "rt/core.hpp"
#include "rt/time/clock/instant.hpp"
#include "rt/time/interval/interval.hpp"
#include "rt/time/pause.hpp"
#include "rt/time/sleep/sleep.hpp"
#include "rt/time/timeout/timeout.hpp"
#include "rt/time/timeout/timeout_result.hpp"

namespace rt::time {

/// The area's name (kept for the module smoke test).
inline constexpr const char* area_name = "time";

}  // namespace rt::time
