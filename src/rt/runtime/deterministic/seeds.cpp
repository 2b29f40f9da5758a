// rt/runtime/deterministic/seeds.cpp — see seeds.hpp.
#include "rt/runtime/deterministic/seeds.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "rt/core/error.hpp"

namespace rt {

std::vector<std::uint64_t> deterministic_seeds(std::uint64_t first, std::uint64_t count) {
    if (const char* replay = std::getenv("RT_SEED"); replay != nullptr && *replay != '\0') {
        char* end = nullptr;
        const unsigned long long seed = std::strtoull(replay, &end, 10);
        if (*end != '\0') throw usage_error("RT_SEED must be a decimal seed, not \"" + std::string(replay) + "\"");
        return {seed};
    }
    std::vector<std::uint64_t> seeds;
    seeds.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) seeds.push_back(first + i);
    return seeds;
}

std::string deterministic_seed_note(std::uint64_t seed) {
    const std::string s = std::to_string(seed);
    return "deterministic seed " + s + " (replay it alone with RT_SEED=" + s + ")";
}

}  // namespace rt
