// rt/runtime/deterministic/seeds.hpp — which seeds a deterministic test runs, and how a failure
// names its seed. Used by the code rt-codegen writes for `[[rt::test(deterministic = true, seeds = N)]]`
// (docs/topics/testing.md); usable by hand with runtime::builder::deterministic(seed).
// Invariant: with RT_SEED set, exactly that one seed runs, so a printed failing seed replays alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rt {

/// The seeds a deterministic test runs: `first`, `first + 1`, ... (`count` of them), or only the
/// seed in the environment variable RT_SEED when it is set (to replay a failure). No Tokio equivalent.
std::vector<std::uint64_t> deterministic_seeds(std::uint64_t first, std::uint64_t count);

/// "deterministic seed 17 (replay it alone with RT_SEED=17)": what a failing seed's report says.
std::string deterministic_seed_note(std::uint64_t seed);

}  // namespace rt
