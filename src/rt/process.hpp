// rt/process.hpp — the process area (exported by `import rt.net;` and `import rt;`): async child
// processes with piped stdio.
#pragma once

#include "rt/core.hpp"
#include "rt/process/child/child.hpp"
#include "rt/process/command/command.hpp"
#include "rt/process/pipe/pipe_stream.hpp"
