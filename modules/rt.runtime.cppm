// rt.runtime — runtimes, handles, spawning and task handles. Tokio: tokio::runtime, tokio::task.
module;
#include <rt/runtime.hpp>
export module rt.runtime;
export import rt.core;

export namespace rt {
using rt::abort_handle;
using rt::current_task_id;
using rt::handle;
using rt::join_handle;
using rt::runtime;
using rt::runtime_metrics;
using rt::spawn;
using rt::spawn_blocking;
using rt::task_id;
using rt::yield_now;
using rt::yield_now_future;
}  // namespace rt
