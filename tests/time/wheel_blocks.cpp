// tests/time/wheel_blocks.cpp — the timing wheel brings a 64 ms block's timers down from its coarse
// levels a block ahead, in bounded steps spread over driver turns (rt/time/wheel/wheel.hpp). These
// tests check, on paused time, that this work in progress never changes which timers have fired:
// after every driver turn exactly the sleeps whose deadline has passed are elapsed — with timers
// inserted, moved and cancelled while a block is half brought down, across level boundaries.
#include "support/rt_test.hpp"
#include "time/time_support.hpp"

namespace {

using namespace rt_time_test;
using rt::time::instant;

// A set of sleeps polled by hand, each with its deadline in ms since `origin`.
struct sleep_set {
    explicit sleep_set(instant o) : origin(o) {}

    instant origin;
    mock_task t;
    std::deque<rt::time::sleep_future> sleeps;  // a deque: adding one does not move the others
    std::vector<long long> deadline_ms;

    void add(long long at_ms) {
        sleeps.push_back(rt::time::sleep_until(origin + ms(at_ms)));
        deadline_ms.push_back(at_ms);
        EXPECT_TRUE(t.poll(sleeps.back()).is_pending());  // registers it
    }
    // Cancels sleep i (destroying its future unregisters it) by replacing it with a fresh,
    // unregistered sleep that is never polled.
    void cancel(std::size_t i) {
        sleeps[i] = rt::time::sleep_until(origin + ms(deadline_ms[i]));
        deadline_ms[i] = -1;
    }
    // After a driver turn: exactly the sleeps whose deadline has passed fired. Returns how many
    // are elapsed.
    int check(const char* when) {
        const long long now = ms_since(origin, instant::now());
        int elapsed = 0;
        for (std::size_t i = 0; i < sleeps.size(); ++i) {
            if (deadline_ms[i] < 0) continue;
            const bool fired = sleeps[i].is_elapsed();
            EXPECT_EQ(fired, deadline_ms[i] <= now) << when << ": sleep " << i << " due at " << deadline_ms[i]
                                                    << " ms, now " << now << " ms";
            elapsed += fired ? 1 : 0;
        }
        return elapsed;
    }
};

TEST(wheel_blocks, timers_inserted_while_a_level_two_slot_comes_down_fire_exactly_on_time) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        sleep_set s(instant::now());
        // 1,000 timers just past 4,096 ms: a level-2 slot (64 ms blocks: 4,096 ms = block 64).
        for (int i = 0; i < 1000; ++i) s.add(4096 + i % 300);
        // Enter block 63: the slot starting at 4,096 ms now holds the next block, far more nodes
        // than one driver turn brings down.
        co_await rt::time::advance(ms(4032));
        EXPECT_EQ(s.check("at 4032 ms"), 0);
        // Meanwhile: timers two or more blocks ahead (a finer coarse level), the next block, and
        // cancellations of timers that may or may not have come down yet.
        for (int i = 0; i < 300; ++i) s.add(4096 + 128 + i);
        for (int i = 0; i < 100; ++i) s.add(4040 + i);
        for (std::size_t i = 0; i < 1000; i += 7) s.cancel(i);
        for (int step = 0; step < 500; ++step) {
            co_await rt::time::advance(ms(1));
            s.check("1 ms steps");
        }
        EXPECT_EQ(rt::time::detail::registered_timers(), 0u);
    }());
}

TEST(wheel_blocks, random_inserts_cancels_and_advances_never_fire_early_or_late) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        sleep_set s(instant::now());
        std::mt19937_64 rng(5);
        long long now = 0;
        for (int round = 0; round < 300; ++round) {
            // A burst of timers at ranges that land on the current block, the next one and every
            // coarse level up to ~4.6 hours.
            const int burst = static_cast<int>(rng() % 200);
            for (int i = 0; i < burst; ++i) {
                const long long range = 1ll << (1 + rng() % 24);
                s.add(now + 1 + static_cast<long long>(rng() % static_cast<std::uint64_t>(range)));
            }
            for (int i = 0; i < 20 && !s.sleeps.empty(); ++i) s.cancel(rng() % s.sleeps.size());
            // Steps of a few ms (inside a block), across one block, or far ahead.
            const long long step = rng() % 4 == 0 ? static_cast<long long>(rng() % 100'000) : 1 + static_cast<long long>(rng() % 70);
            co_await rt::time::advance(ms(step));
            now += step;
            s.check("random rounds");
        }
    }());
}

}  // namespace
