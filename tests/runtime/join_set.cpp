// tests/runtime/join_set.cpp — join_set: outputs in completion order, errors surface per task,
// abort_all/shutdown/destruction cancel the members, len counts until joined, try_join_next.
#include "support/rt_test.hpp"

namespace {

TEST(join_set, join_next_gives_every_output_then_empty) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    auto sum = rt.block_on(rt.spawn([]() -> rt::task<int> {
        rt::join_set<int> set;
        for (int i = 1; i <= 100; ++i) set.spawn([](int v) -> rt::task<int> {
            co_await rt::yield_now();
            co_return v;
        }, i);
        EXPECT_EQ(set.len(), 100u);
        int sum = 0;
        while (auto v = co_await set.join_next()) sum += *v;
        EXPECT_TRUE(set.is_empty());
        co_return sum;
    }));
    EXPECT_EQ(sum, 5050);
}

TEST(join_set, completion_order_and_a_failing_member_does_not_stop_the_others) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt_test::manual_signal first, second;
        rt::join_set<int> set;
        set.spawn([](rt_test::manual_signal s) -> rt::task<int> { co_await s.wait(); co_return 1; }, first);
        set.spawn([](rt_test::manual_signal s) -> rt::task<int> { co_await s.wait(); co_return 2; }, second);
        set.spawn([]() -> rt::task<int> { throw std::runtime_error("member failed"); co_return 0; });
        EXPECT_THROW(co_await set.join_next(), std::runtime_error);
        EXPECT_EQ(set.len(), 2u);
        second.fire();
        EXPECT_EQ(*co_await set.join_next(), 2);
        first.fire();
        EXPECT_EQ(*co_await set.join_next(), 1);
        EXPECT_FALSE((co_await set.join_next()).has_value());
    }());
}

TEST(join_set, abort_all_keeps_len_until_joined_and_each_member_reports_cancelled) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<void> set;
        for (int i = 0; i < 10; ++i) set.spawn([]() -> rt::task<void> { co_await rt_test::never{}; });
        co_await rt::yield_now();
        set.abort_all();
        EXPECT_EQ(set.len(), 10u);
        int cancelled = 0;
        while (!set.is_empty()) {
            try {
                (void)co_await set.join_next();
            } catch (const rt::cancelled_error&) {
                ++cancelled;
            }
        }
        EXPECT_EQ(cancelled, 10);
    }());
}

TEST(join_set, destroying_the_set_aborts_its_tasks_and_shutdown_waits_for_them) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        {
            rt::join_set<void> set;
            for (int i = 0; i < 5; ++i) {
                set.spawn([](rt_test::drop_counter d) -> rt::task<void> {
                    rt_test::drop_counter mine = std::move(d);
                    co_await rt_test::never{};
                }, rt_test::drop_counter(drops));
            }
            co_await rt::yield_now();
        }  // aborted here; they stop at their next scheduling point
        for (int i = 0; i < 3 && drops.load() < 5; ++i) co_await rt::yield_now();
        EXPECT_EQ(drops.load(), 5);

        rt::join_set<void> set;
        for (int i = 0; i < 5; ++i) {
            set.spawn([](rt_test::drop_counter d) -> rt::task<void> {
                rt_test::drop_counter mine = std::move(d);
                co_await rt_test::never{};
            }, rt_test::drop_counter(drops));
        }
        co_await set.shutdown();
        EXPECT_TRUE(set.is_empty());
        EXPECT_EQ(drops.load(), 10);
    }(drops));
}

TEST(join_set, try_join_next_takes_only_finished_tasks) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<int> set;
        rt_test::manual_signal sig;
        set.spawn([](rt_test::manual_signal s) -> rt::task<int> { co_await s.wait(); co_return 7; }, sig);
        EXPECT_FALSE(set.try_join_next().has_value());
        sig.fire();
        while (!set.try_join_next().has_value() && set.len() == 1) co_await rt::yield_now();
        EXPECT_TRUE(set.is_empty());
    }());
}

}  // namespace
