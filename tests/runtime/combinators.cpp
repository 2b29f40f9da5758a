// tests/runtime/combinators.cpp — rt::join, rt::try_join, rt::select and rt::select_biased: outputs,
// waiting for pending children, short-circuiting, losers destroyed once, fair and seeded start order.
#include "support/rt_test.hpp"

namespace {

/// A leaf future that is ready at its first poll with a value, and counts its destruction.
template <class T>
struct ready_value {
    T value;
    std::atomic<int>* drops = nullptr;
    ready_value(T v, std::atomic<int>* d = nullptr) : value(std::move(v)), drops(d) {}
    ready_value(ready_value&& o) noexcept : value(std::move(o.value)), drops(std::exchange(o.drops, nullptr)) {}
    ~ready_value() {
        if (drops) drops->fetch_add(1);
    }
    rt::poll_result<T> poll(rt::context&) { return value; }
};

/// Never ready; counts its destruction.
struct pending_forever {
    std::atomic<int>* drops;
    explicit pending_forever(std::atomic<int>* d) : drops(d) {}
    pending_forever(pending_forever&& o) noexcept : drops(std::exchange(o.drops, nullptr)) {}
    ~pending_forever() {
        if (drops) drops->fetch_add(1);
    }
    rt::poll_result<int> poll(rt::context&) { return rt::pending; }
};

rt::task<int> after_signal(rt_test::manual_signal s, int v) {
    co_await s.wait();
    co_return v;
}

TEST(combinators, join_waits_for_every_child_and_keeps_their_outputs) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal sig;
    rt.block_on([](rt_test::manual_signal sig) -> rt::task<void> {
        auto firer = rt::spawn([](rt_test::manual_signal s) -> rt::task<void> {
            co_await rt::yield_now();
            s.fire();
        }, sig);
        auto [a, b, c] = co_await rt::join(after_signal(sig, 1), ready_value<std::string>("two"), rt::yield_now());
        EXPECT_EQ(a, 1);
        EXPECT_EQ(b, "two");
        static_assert(std::is_same_v<decltype(c), rt::unit>);
        co_await firer;
    }(sig));
}

TEST(combinators, join_propagates_an_exception_and_destroys_the_other_children) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto fails = []() -> rt::task<int> {
            co_await rt::yield_now();
            throw std::runtime_error("child failed");
        };
        EXPECT_THROW(co_await rt::join(fails(), pending_forever(&drops)), std::runtime_error);
        EXPECT_EQ(drops.load(), 1);
    }(drops));
}

TEST(combinators, try_join_gives_all_values_or_stops_at_the_first_empty) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto both = co_await rt::try_join(ready_value<std::optional<int>>(4), ready_value<std::optional<std::string>>("x"));
        EXPECT_TRUE(both.has_value());
        if (both) {
            EXPECT_EQ(std::get<0>(*both), 4);
            EXPECT_EQ(std::get<1>(*both), "x");
        }
        auto never_optional = [](std::atomic<int>* d) -> rt::task<std::optional<int>> {
            co_await pending_forever(d);
            co_return 1;
        };
        auto failed = co_await rt::try_join(never_optional(&drops), ready_value<std::optional<int>>(std::nullopt));
        EXPECT_FALSE(failed.has_value());
    }(drops));
    EXPECT_EQ(drops.load(), 1);  // the pending child was destroyed when try_join finished
}

TEST(combinators, select_returns_the_ready_branch_and_destroys_the_losers_once) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto won = co_await rt::select(pending_forever(&drops), ready_value<std::string>("ready", &drops), pending_forever(&drops));
        EXPECT_EQ(won.index(), 1u);
        EXPECT_EQ(std::get<1>(won), "ready");
        EXPECT_EQ(drops.load(), 3);
    }(drops));
    EXPECT_EQ(drops.load(), 3);
}

TEST(combinators, select_start_is_fair_and_biased_select_is_ordered) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        int first = 0;
        for (int i = 0; i < 10'000; ++i) {
            auto won = co_await rt::select(ready_value<int>(0), ready_value<int>(1));
            if (won.index() == 0) ++first;
        }
        EXPECT_GT(first, 4'000);
        EXPECT_LT(first, 6'000);
        for (int i = 0; i < 100; ++i) {
            auto won = co_await rt::select_biased(ready_value<int>(0), ready_value<int>(1));
            EXPECT_EQ(won.index(), 0u);
        }
    }());
}

TEST(combinators, select_order_is_reproducible_from_rng_seed) {
    auto winners = [] {
        auto rt = rt::runtime::builder().current_thread().rng_seed(1234).build();
        return rt.block_on([]() -> rt::task<std::vector<std::size_t>> {
            std::vector<std::size_t> seq;
            for (int i = 0; i < 64; ++i) seq.push_back((co_await rt::select(ready_value<int>(0), ready_value<int>(1), ready_value<int>(2))).index());
            co_return seq;
        }());
    };
    EXPECT_EQ(winners(), winners());
}

}  // namespace
