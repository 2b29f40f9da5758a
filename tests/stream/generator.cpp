// tests/stream/generator.cpp — rt::stream<T>: a coroutine that co_yields items and co_awaits
// futures between them; laziness, order, end, exceptions, cancellation and the coop budget.
#include "support/rt_test.hpp"

namespace {

rt::stream<int> count_to(int n, std::atomic<int>* produced = nullptr) {
    for (int i = 1; i <= n; ++i) {
        if (produced) produced->fetch_add(1);
        co_yield i;
    }
}

/// A future that is ready at its first poll.
struct ready_now {
    rt::poll_result<int> poll(rt::context&) { return 0; }
};

rt::task<int> twice(int v) {
    co_await rt::yield_now();
    co_return 2 * v;
}

}  // namespace

TEST(stream_generator, yields_items_in_order_then_ends_and_stays_ended) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = count_to(3);
        std::vector<int> got;
        while (auto v = co_await s.next()) got.push_back(*v);
        EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
        EXPECT_TRUE(s.finished());
        auto again = co_await s.next();
        EXPECT_FALSE(again.has_value());
    }());
}

TEST(stream_generator, is_lazy_and_runs_only_as_far_as_items_are_asked_for) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> produced{0};
    rt.block_on([](std::atomic<int>& produced) -> rt::task<void> {
        auto s = count_to(100, &produced);
        EXPECT_EQ(produced.load(), 0);
        auto first = co_await rt::next(s);
        EXPECT_EQ(first, std::optional<int>(1));
        EXPECT_EQ(produced.load(), 1);
    }(produced));
    EXPECT_EQ(produced.load(), 1);
}

TEST(stream_generator, awaits_tasks_and_futures_between_yields) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal go;
    auto gen = [](rt_test::manual_signal go) -> rt::stream<int> {
        co_yield co_await twice(1);
        co_await go.wait();
        co_yield co_await twice(2);
    };
    rt.block_on([](rt::stream<int> s, rt_test::manual_signal go) -> rt::task<void> {
        auto a = co_await s.next();
        EXPECT_EQ(a, std::optional<int>(2));
        auto consumer = rt::spawn([](rt::stream<int> s) -> rt::task<std::vector<int>> {
            std::vector<int> rest;
            while (auto v = co_await s.next()) rest.push_back(*v);
            co_return rest;
        }, std::move(s));
        co_await rt::yield_now();  // the consumer is now parked on `go`
        EXPECT_FALSE(consumer.is_finished());
        go.fire();
        auto rest = co_await consumer;
        EXPECT_EQ(rest, (std::vector<int>{4}));
    }(gen(go), go));
}

TEST(stream_generator, spurious_wake_does_not_resume_the_generator) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal go;
    std::atomic<int> resumed{0};
    auto gen = [](rt_test::manual_signal go, std::atomic<int>& resumed) -> rt::stream<int> {
        co_await go.wait();
        resumed.fetch_add(1);
        co_yield 7;
    };
    rt.block_on([](rt::stream<int> s, rt_test::manual_signal go, std::atomic<int>& resumed) -> rt::task<void> {
        auto h = rt::spawn([](rt::stream<int> s) -> rt::task<int> { co_return (co_await s.next()).value(); }, std::move(s));
        co_await rt::yield_now();
        const int polls = go.polls();
        go.poke();
        co_await rt::yield_now();
        EXPECT_GT(go.polls(), polls);  // the leaf was polled again ...
        EXPECT_EQ(resumed.load(), 0);  // ... but the generator body did not run
        go.fire();
        EXPECT_EQ(co_await h, 7);
        EXPECT_EQ(resumed.load(), 1);
    }(gen(go, resumed), go, resumed));
}

TEST(stream_generator, exception_escapes_through_next_once_then_the_stream_is_ended) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = []() -> rt::stream<int> {
            co_yield 1;
            throw std::runtime_error("generator failed");
        }();
        auto first = co_await s.next();
        EXPECT_EQ(first, std::optional<int>(1));
        bool threw = false;
        try {
            (void)co_await s.next();
        } catch (const std::runtime_error& e) {
            threw = std::string(e.what()) == "generator failed";
        }
        EXPECT_TRUE(threw);
        auto after = co_await s.next();
        EXPECT_FALSE(after.has_value());
    }());
}

TEST(stream_generator, dropping_a_suspended_generator_destroys_its_locals_once) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        {
            auto s = [](std::atomic<int>& drops) -> rt::stream<int> {
                rt_test::drop_counter guard(drops);
                co_yield 1;
                co_await rt_test::never{};
                co_yield 2;
            }(drops);
            auto first = co_await s.next();
            EXPECT_EQ(first, std::optional<int>(1));
            auto won = co_await rt::select_biased(s.next(), ready_now{});
            EXPECT_EQ(won.index(), 1u);  // the generator is parked on `never`
            EXPECT_EQ(drops.load(), 0);
        }
        EXPECT_EQ(drops.load(), 1);
    }(drops));
}

TEST(stream_generator, moved_from_stream_is_a_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = count_to(2);
        auto t = std::move(s);
        bool misuse = false;
        try {
            (void)co_await s.next();
        } catch (const rt::usage_error&) {
            misuse = true;
        }
        EXPECT_TRUE(misuse);
        auto v = co_await t.next();
        EXPECT_EQ(v, std::optional<int>(1));
    }());
}
