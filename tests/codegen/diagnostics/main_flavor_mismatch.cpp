// diagnostic: worker_threads needs multi_thread; start_paused needs current_thread.
#include <rt/runtime.hpp>

[[rt::main(flavor = "current_thread", worker_threads = 4)]]
rt::task<int> run() { co_return 0; }

[[rt::test(flavor = "multi_thread", start_paused = true)]]
rt::task<void> check() { co_return; }
