// rt/sync.hpp — the sync area: locks, semaphores, channels, notification and shutdown helpers
// (`import rt.sync;` exports the same names). Tokio: `tokio::sync` plus tokio-util's
// CancellationToken and TaskTracker. See docs/api/sync.md for the error rule and cancel safety.
#pragma once

#include "rt/core.hpp"
#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/semaphore.hpp"
#include "rt/sync/mutex/mutex.hpp"
#include "rt/sync/rw_lock/rw_lock.hpp"
#include "rt/sync/mpsc/bounded.hpp"
#include "rt/sync/mpsc/unbounded.hpp"
#include "rt/sync/oneshot/oneshot.hpp"
#include "rt/sync/notify/notify.hpp"
#include "rt/sync/broadcast/broadcast.hpp"
#include "rt/sync/watch/watch.hpp"
#include "rt/sync/barrier/barrier.hpp"
#include "rt/sync/once_cell/once_cell.hpp"
#include "rt/sync/cancellation_token/cancellation_token.hpp"
#include "rt/sync/task_tracker/task_tracker.hpp"

namespace rt::sync {

/// The area's name (kept for the module smoke test).
inline constexpr const char* area_name = "sync";

}  // namespace rt::sync
