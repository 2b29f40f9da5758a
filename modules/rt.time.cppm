// rt.time — the time area: instant, sleep, interval, timeout and test time. Tokio: tokio::time.
// Headers are the source of truth: <rt/time.hpp>.
module;
#include <rt/time.hpp>
export module rt.time;
export import rt.core;

export namespace rt::time {
using rt::time::advance;
using rt::time::advance_future;
using rt::time::area_name;
using rt::time::elapsed;
using rt::time::elapsed_error;
using rt::time::elapsed_t;
using rt::time::instant;
using rt::time::interval;
using rt::time::interval_at;
using rt::time::interval_timer;
using rt::time::is_paused;
using rt::time::missed_tick_behavior;
using rt::time::pause;
using rt::time::resume;
using rt::time::sleep;
using rt::time::sleep_future;
using rt::time::sleep_until;
using rt::time::tick_future;
using rt::time::timeout;
using rt::time::timeout_at;
using rt::time::timeout_future;
using rt::time::timeout_result;
namespace detail {
// For tests and diagnostics: timers queued in the current runtime's wheel.
using rt::time::detail::registered_timers;
using rt::time::detail::driver_blocked;
}  // namespace detail
}  // namespace rt::time
