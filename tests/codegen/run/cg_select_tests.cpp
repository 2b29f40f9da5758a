// Select semantics, as [[rt::test]]s: fairness, biased order, preconditions, patterns, else,
// destruction of the losers, break/continue/co_return from bodies, futures polled by reference,
// nesting, templates, and reproducible choices under rng_seed.
#include <gtest/gtest.h>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>
#include <rt/runtime.hpp>
#include <rt/select.hpp>

#include "test_futures.hpp"

using cgtest::counters;
using cgtest::never;
using cgtest::value_after;

[[rt::test]]
rt::task<void> random_start_is_fair() {
    int wins[2] = {};
    for (int i = 0; i < 10000; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (s.on(value_after{1})) ++wins[0];
            if (s.on(value_after{2})) ++wins[1];
        }
    }
    EXPECT_EQ(wins[0] + wins[1], 10000);
    EXPECT_GE(wins[0], 4000);
    EXPECT_LE(wins[0], 6000);
}

[[rt::test]]
rt::task<void> biased_polls_in_written_order() {
    counters second;
    int first = 0;
    for (int i = 0; i < 100; ++i) {
        if ([[rt::select(biased)]] rt::selector s{}) {
            if (s.on(value_after{1})) ++first;
            if (s.on(value_after{2, 0, &second})) ADD_FAILURE() << "second branch won a biased select";
        }
    }
    EXPECT_EQ(first, 100);
    EXPECT_EQ(second.polls, 0);
    EXPECT_EQ(second.destroyed, 100);
}

[[rt::test]]
rt::task<void> biased_waits_for_the_first_to_become_ready() {
    counters late;
    int got = 0;
    if ([[rt::select(biased)]] rt::selector s{}) {
        if (auto v = s.on(value_after{7, 3})) got = v;
        if (s.on(never{&late})) ADD_FAILURE();
    }
    EXPECT_EQ(got, 7);
    EXPECT_EQ(late.polls, 3);
    EXPECT_EQ(late.destroyed, 1);
}

[[rt::test]]
rt::task<void> false_precondition_disables_the_branch() {
    counters off;
    int hits = 0;
    for (int i = 0; i < 100; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (s.on(value_after{1, 0, &off}, false)) ADD_FAILURE();
            if (s.on(value_after{2}, true)) ++hits;
        }
    }
    EXPECT_EQ(hits, 100);
    EXPECT_EQ(off.polls, 0);
    EXPECT_EQ(off.destroyed, 0);  // a disabled branch's future is never made
}

[[rt::test]]
rt::task<void> else_runs_when_every_precondition_fails() {
    bool ran_else = false;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(value_after{1}, false)) ADD_FAILURE();
        if (s.on(value_after{2}, 1 > 2)) ADD_FAILURE();
    } else {
        ran_else = true;
    }
    EXPECT_TRUE(ran_else);
}

[[rt::test]]
rt::task<void> failed_pattern_disables_and_keeps_waiting() {
    counters zero;
    int got = 0;
    if ([[rt::select(biased)]] rt::selector s{}) {
        if (auto v = s.on(value_after{0, 0, &zero})) ADD_FAILURE() << "pattern v != 0 matched " << v;
        if (auto v = s.on(value_after{5, 2}); v == 5) got = v;
    }
    EXPECT_EQ(got, 5);
    EXPECT_EQ(zero.polls, 1);  // completed once, then never polled again
    EXPECT_EQ(zero.destroyed, 1);
}

[[rt::test]]
rt::task<void> else_runs_when_every_pattern_fails() {
    bool ran_else = false;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(value_after{0})) ADD_FAILURE();
        if (auto v = s.on(value_after{1, 1}); v > 1) ADD_FAILURE();
    } else {
        ran_else = true;
    }
    EXPECT_TRUE(ran_else);
}

[[rt::test]]
rt::task<void> no_else_and_nothing_enabled_throws() {
    bool threw = false;
    try {
        if ([[rt::select]] rt::selector s{}) {
            if (s.on(value_after{1}, false)) ADD_FAILURE();
        }
    } catch (const std::logic_error&) {
        threw = true;
    }
    EXPECT_TRUE(threw);
}

[[rt::test]]
rt::task<void> else_only_select() {
    bool ran_else = false;
    if ([[rt::select]] rt::selector s{}) {
    } else {
        ran_else = true;
    }
    EXPECT_TRUE(ran_else);
}

[[rt::test]]
rt::task<void> losers_are_destroyed_once_before_the_body() {
    for (int i = 0; i < 50; ++i) {
        counters a, b;
        if ([[rt::select]] rt::selector s{}) {
            if (s.on(value_after{1, 1, &a})) {
                EXPECT_EQ(a.destroyed, 1);
                EXPECT_EQ(b.destroyed, 1);
            }
            if (s.on(never{&b})) ADD_FAILURE();
        }
        EXPECT_EQ(a.destroyed, 1);
        EXPECT_EQ(b.destroyed, 1);
    }
}

namespace {

rt::task<int> loop_control() {
    int continues = 0, iterations = 0;
    for (int i = 0;; ++i) {
        ++iterations;
        if ([[rt::select(biased)]] rt::selector s{}) {
            if (auto v = s.on(value_after{i}); v < 3) {
                ++continues;
                continue;
            }
            if (s.on(value_after{-1}, i == 3)) break;
            if (s.on(value_after{i}, i > 3)) co_return -1;
        }
        ADD_FAILURE() << "the code after the select ran at i = " << i;
    }
    co_return iterations * 100 + continues;
}

rt::task<int> returns_from_a_branch() {
    for (;;) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(value_after{7, 1})) co_return v * 2;
            if (s.on(never{})) co_return -1;
        }
    }
}

}  // namespace

[[rt::test]]
rt::task<void> bodies_break_continue_and_co_return() {
    EXPECT_EQ(co_await loop_control(), 403);
    EXPECT_EQ(co_await returns_from_a_branch(), 14);
}

[[rt::test]]
rt::task<void> future_by_reference_survives_losing() {
    counters c;
    value_after slow{9, 3, &c};
    int ticks = 0;
    for (;;) {
        if ([[rt::select(biased)]] rt::selector s{}) {
            if (auto v = s.on(slow)) {
                EXPECT_EQ(v, 9);
                break;
            }
            if (s.on(value_after{1})) ++ticks;
        }
    }
    EXPECT_EQ(ticks, 3);
    EXPECT_EQ(c.polls, 4);
    EXPECT_EQ(c.destroyed, 0);  // not the select's to destroy
}

[[rt::test]]
rt::task<void> void_futures_and_nesting_in_a_lambda() {
    auto inner = [](int x) -> rt::task<int> {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(value_after{x})) {
                if ([[rt::select]] rt::selector t{}) {
                    if (auto w = t.on(value_after{v + 1})) co_return w;
                }
            }
        }
        co_return -1;
    };
    EXPECT_EQ(co_await inner(4), 5);
    int n = 0;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(cgtest::done{})) ++n;
    }
    EXPECT_EQ(n, 1);
}

namespace {
struct pair_future {
    rt::poll_result<std::pair<int, int>> poll(rt::context&) { return std::pair{3, 4}; }
};
}  // namespace

[[rt::test]]
rt::task<void> structured_bindings_and_guarded_futures() {
    int sum = 0;
    if ([[rt::select]] rt::selector s{}) {
        if (auto [a, b] = s.on(pair_future{}); a < b) sum = a + b;
    }
    EXPECT_EQ(sum, 7);
    // The future expression is only evaluated when the precondition holds (*maybe would be UB).
    std::optional<value_after> maybe;
    int got = 0;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(*maybe, maybe.has_value())) ADD_FAILURE();
        if (auto v = s.on(value_after{2})) got = v;
    }
    EXPECT_EQ(got, 2);
}

namespace {
template <class F>
rt::task<int> first_of(int a) {
    if ([[rt::select]] rt::selector s{}) {
        if (auto v = s.on(F{a})) co_return v;
    }
    co_return -1;
}

rt::task<std::vector<int>> winners() {
    std::vector<int> w;
    for (int i = 0; i < 64; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (s.on(value_after{1})) w.push_back(0);
            if (s.on(value_after{2})) w.push_back(1);
        }
    }
    co_return w;
}
}  // namespace

[[rt::test]]
rt::task<void> select_in_a_template() {
    EXPECT_EQ(co_await first_of<value_after>(3), 3);
}

TEST(cg_select_tests, same_rng_seed_same_choices) {
    auto run = [](std::uint64_t seed) {
        auto r = rt::runtime::builder().current_thread().rng_seed(seed).build();
        return r.block_on(winners());
    };
    EXPECT_EQ(run(5), run(5));
    EXPECT_NE(run(5), run(6));
}

// Three branches take the unrolled path (a switch on the start branch), six the looped one: in
// both, every branch starts first about equally often.
[[rt::test]]
rt::task<void> random_start_is_fair_over_three_branches() {
    int wins[3] = {};
    for (int i = 0; i < 9000; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(value_after{0}); true) ++wins[v];
            if (auto v = s.on(value_after{1}); true) ++wins[v];
            if (auto v = s.on(value_after{2}); true) ++wins[v];
        }
    }
    for (int w : wins) {
        EXPECT_GE(w, 2500);
        EXPECT_LE(w, 3500);
    }
}

[[rt::test]]
rt::task<void> random_start_is_fair_over_six_branches() {
    int wins[6] = {};
    for (int i = 0; i < 12000; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(value_after{0}); true) ++wins[v];
            if (auto v = s.on(value_after{1}); true) ++wins[v];
            if (auto v = s.on(value_after{2}); true) ++wins[v];
            if (auto v = s.on(value_after{3}); true) ++wins[v];
            if (auto v = s.on(value_after{4}); true) ++wins[v];
            if (auto v = s.on(value_after{5}); true) ++wins[v];
        }
    }
    for (int w : wins) {
        EXPECT_GE(w, 1500);
        EXPECT_LE(w, 2500);
    }
}

namespace {
/// A branch result that counts its live copies.
struct tracked {
    static inline int alive = 0;
    int v;
    explicit tracked(int x) : v(x) { ++alive; }
    tracked(tracked&& o) noexcept : v(o.v) { ++alive; }
    ~tracked() { --alive; }
};
struct tracked_after {
    int v;
    int pending_polls;
    rt::poll_result<tracked> poll(rt::context& cx) {
        if (pending_polls-- > 0) {
            cx.waker().wake_by_ref();
            return rt::pending;
        }
        return tracked(v);
    }
};
}  // namespace

[[rt::test]]
rt::task<void> results_are_destroyed_once_also_after_a_pattern_mismatch() {
    int got = 0;
    if ([[rt::select(biased)]] rt::selector s{}) {
        if (auto t = s.on(tracked_after{1, 0}); t.v > 1) ADD_FAILURE();  // taken, mismatched, dropped
        if (auto t = s.on(tracked_after{2, 2}); true) got = t.v + tracked::alive * 10;
    }
    EXPECT_EQ(got, 12);  // the winner is the one result alive inside its body
    EXPECT_EQ(tracked::alive, 0);
}
