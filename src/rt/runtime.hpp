// rt/runtime.hpp — the runtime area: tasks, spawning, runtimes and handles.
//
// `import rt.runtime;` exports the same names. Tokio: `tokio::runtime`, `tokio::task`.
#pragma once

#include "rt/core.hpp"
#include "rt/runtime/blocking/block_in_place.hpp"
#include "rt/runtime/blocking/spawn_blocking.hpp"
#include "rt/runtime/deterministic/seeds.hpp"
#include "rt/runtime/join_set.hpp"
#include "rt/runtime/local_set/local_set.hpp"
#include "rt/runtime/runtime.hpp"
#include "rt/runtime/spawn.hpp"
#include "rt/runtime/task/join_handle.hpp"
#include "rt/runtime/task_local.hpp"
#include "rt/runtime/yield_now.hpp"
