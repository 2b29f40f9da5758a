// golden: [[rt::test]] with the default (current_thread) and with every option.
#include <rt/runtime.hpp>

[[rt::test]]
rt::task<void> adds() {
    co_return;
}

namespace suite_ns {
[[rt::test(flavor = "multi_thread", worker_threads = 2, rng_seed = 0x2a, suite = "Custom")]]
rt::task<void> threaded() {
    co_return;
}

[[rt::test(start_paused = true)]] rt::task<void> paused();
rt::task<void> paused() { co_return; }

[[rt::test(deterministic = true, seeds = 20, rng_seed = 100)]]
rt::task<void> seeded() { co_return; }
}  // namespace suite_ns
