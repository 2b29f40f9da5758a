// diagnostic: bad option values for [[rt::main]].
#include <rt/runtime.hpp>

[[rt::main(flavor = "single_thread", worker_threads = 0, start_paused = 1, rng_seed = -3)]]
rt::task<int> run() { co_return 0; }
