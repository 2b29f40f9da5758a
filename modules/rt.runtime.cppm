// rt.runtime — runtimes, handles, spawning and task handles. Tokio: tokio::runtime, tokio::task.
module;
#include <rt/runtime.hpp>
export module rt.runtime;
export import rt.core;

export namespace rt {
using rt::abort_handle;
using rt::block_in_place;
using rt::current_task_id;
using rt::deterministic_seed_note;
using rt::deterministic_seeds;
using rt::handle;
using rt::join_handle;
using rt::join_set;
using rt::joined;
using rt::local_set;
using rt::runtime;
using rt::runtime_metrics;
using rt::spawn;
using rt::spawn_blocking;
using rt::spawn_local;
using rt::task_id;
using rt::task_local;
using rt::unhandled_exception_error;
using rt::unhandled_exception_policy;
using rt::yield_now;
using rt::yield_now_future;
}  // namespace rt
