// diagnostic: misuse of [[rt::test(deterministic = ..., seeds = ...)]].
#include <rt/runtime.hpp>

[[rt::test(seeds = 4)]]
rt::task<void> seeds_alone() { co_return; }

[[rt::test(flavor = "multi_thread", deterministic = true)]]
rt::task<void> on_many_threads() { co_return; }

[[rt::test(deterministic = 1, seeds = 0)]]
rt::task<void> bad_values() { co_return; }
