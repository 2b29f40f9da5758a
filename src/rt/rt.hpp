// rt/rt.hpp — every area at once (`import rt;` is the modular equivalent).
#pragma once

#include "rt/core.hpp"
#include "rt/fs.hpp"
#include "rt/io.hpp"
#include "rt/net.hpp"
#include "rt/runtime.hpp"
#include "rt/sync.hpp"
#include "rt/time.hpp"
#include "rt/sync/mpsc/send_timeout.hpp"  // needs both sync and time
