// rt/core.hpp — the base every area builds on: task<T>, futures, poll results, wakers, errors,
// and async streams.
//
// `import rt.core;` exports the same names.
#pragma once

#include "rt/core/combinators/join.hpp"
#include "rt/core/combinators/race.hpp"
#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"
#include "rt/core/select.hpp"
#include "rt/core/task.hpp"
#include "rt/core/waker.hpp"
#include "rt/stream.hpp"
