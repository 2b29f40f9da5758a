// golden: every [[rt::main]] option of the multi-thread runtime, (int, char**), a namespace.
#include <rt/runtime.hpp>

namespace app {

[[rt::main(flavor = "multi_thread", worker_threads = 4, rng_seed = 42)]]
rt::task<void> serve(int argc, char** argv) {
    (void)argc;
    (void)argv;
    co_return;
}

}  // namespace app
