// A [[rt::test(deterministic = true, seeds = 50)]] with an ordering bug that only some seeds expose:
// the binary must fail, name the first failing seed, and fail again when only that seed is replayed
// with RT_SEED (scripts/check_deterministic_replay.cmake). Issue #15, item 4.
#include <gtest/gtest.h>
#include <memory>
#include <rt/runtime.hpp>

namespace {

// Check-then-act across an await: correct only when the prompt claimer finishes before the late
// one checks, which FIFO order guarantees and a seeded draw does not.
rt::task<void> claim(std::shared_ptr<bool> taken, std::shared_ptr<int> claims, int late) {
    for (int i = 0; i < late; ++i) co_await rt::yield_now();
    if (!*taken) {
        co_await rt::yield_now();
        *taken = true;
        ++*claims;
    }
}

}  // namespace

// Seeds 8..57: the first few pass, so the reported seed is not simply the first one run.
[[rt::test(deterministic = true, seeds = 50, rng_seed = 8)]]
rt::task<void> only_one_claim_wins() {
    auto taken = std::make_shared<bool>(false);
    auto claims = std::make_shared<int>(0);
    auto prompt = rt::spawn(claim, taken, claims, 0);
    auto late = rt::spawn(claim, taken, claims, 1);
    co_await prompt;
    co_await late;
    EXPECT_EQ(*claims, 1);
}
