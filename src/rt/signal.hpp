// rt/signal.hpp — the signal area (exported by `import rt.net;` and `import rt;`): ctrl_c() and
// Unix signal streams.
#pragma once

#include "rt/core.hpp"
#include "rt/signal/unix/signal_stream.hpp"
