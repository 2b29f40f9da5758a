// tests/stream/adaptors.cpp — sources (stream_iter, once, empty, from_fn), the rt::views adaptors
// and the consumers (collect, fold, count, for_each), and how they compose with `|`.
#include "support/rt_test.hpp"

namespace {

rt::stream<int> naturals(std::atomic<int>* produced = nullptr) {
    for (int i = 0;; ++i) {
        if (produced) produced->fetch_add(1);
        co_yield i;
    }
}

rt::task<int> square_later(int v) {
    co_await rt::yield_now();
    co_return v * v;
}

}  // namespace

TEST(stream_adaptors, filter_transform_take_compose_left_to_right) {
    auto rt = rt_test::current_thread_runtime();
    auto got = rt.block_on(rt::collect(naturals() | rt::views::filter([](int v) { return v % 2 == 1; }) |
                                       rt::views::transform([](int v) { return std::to_string(v); }) |
                                       rt::views::take(4)));
    EXPECT_EQ(got, (std::vector<std::string>{"1", "3", "5", "7"}));
}

TEST(stream_adaptors, take_stops_pulling_the_upstream_after_n_items) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> produced{0};
    auto n = rt.block_on(rt::count(naturals(&produced) | rt::views::take(3)));
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(produced.load(), 3);
}

TEST(stream_adaptors, take_while_drop_and_drop_while) {
    auto rt = rt_test::current_thread_runtime();
    auto a = rt.block_on(rt::collect(naturals() | rt::views::take_while([](int v) { return v < 4; })));
    EXPECT_EQ(a, (std::vector<int>{0, 1, 2, 3}));
    auto b = rt.block_on(rt::collect(naturals() | rt::views::drop(5) | rt::views::take(2)));
    EXPECT_EQ(b, (std::vector<int>{5, 6}));
    // drop_while only drops the leading run: 2 comes back after 5.
    auto c = rt.block_on(rt::collect(rt::stream_iter(std::vector<int>{1, 2, 5, 2, 1}) |
                                     rt::views::drop_while([](int v) { return v < 3; })));
    EXPECT_EQ(c, (std::vector<int>{5, 2, 1}));
}

TEST(stream_adaptors, enumerate_pairs_items_with_their_index) {
    auto rt = rt_test::current_thread_runtime();
    auto got = rt.block_on(rt::collect(rt::stream_iter(std::vector<char>{'a', 'b'}) | rt::views::enumerate()));
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], (std::pair<std::size_t, char>{0, 'a'}));
    EXPECT_EQ(got[1], (std::pair<std::size_t, char>{1, 'b'}));
}

TEST(stream_adaptors, then_awaits_each_items_task_in_order) {
    auto rt = rt_test::current_thread_runtime();
    auto got = rt.block_on(rt::collect(rt::stream_iter(std::vector<int>{1, 2, 3}) | rt::views::then(square_later)));
    EXPECT_EQ(got, (std::vector<int>{1, 4, 9}));
}

TEST(stream_adaptors, stream_iter_takes_std_views_and_lvalue_containers) {
    auto rt = rt_test::current_thread_runtime();
    const std::vector<int> owned{3, 4};
    auto from_view = rt.block_on(rt::collect(rt::stream_iter(std::views::iota(1, 4) | std::views::transform([](int v) { return v * 10; }))));
    EXPECT_EQ(from_view, (std::vector<int>{10, 20, 30}));
    auto from_lvalue = rt.block_on(rt::collect(rt::stream_iter(owned)));
    EXPECT_EQ(from_lvalue, owned);
}

TEST(stream_adaptors, once_empty_fold_and_count) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(rt::count(rt::stream_once(std::string("x")))), 1u);
    EXPECT_EQ(rt.block_on(rt::count(rt::stream_empty<int>())), 0u);
    auto sum = rt.block_on(rt::fold(rt::stream_iter(std::vector<int>{1, 2, 3, 4}), 0, [](int acc, int v) { return acc + v; }));
    EXPECT_EQ(sum, 10);
}

TEST(stream_adaptors, for_each_awaits_an_async_body_before_the_next_item) {
    auto rt = rt_test::current_thread_runtime();
    std::vector<int> seen;
    rt.block_on(rt::for_each(rt::stream_iter(std::vector<int>{1, 2, 3}), [&seen](int v) -> rt::task<void> {
        co_await rt::yield_now();
        seen.push_back(v);
    }));
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
    int plain = 0;
    rt.block_on(rt::for_each(rt::stream_iter(std::vector<int>{4, 5}), [&plain](int v) { plain += v; }));
    EXPECT_EQ(plain, 9);
}

TEST(stream_adaptors, mpsc_receiver_becomes_a_stream_that_ends_when_senders_are_gone) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    auto sum = rt.block_on([]() -> rt::task<long> {
        auto [tx, rx] = rt::sync::mpsc::channel<int>(8);
        for (int p = 0; p < 4; ++p) {
            auto producer = rt::spawn([](rt::sync::mpsc::sender<int> tx) -> rt::task<void> {
                for (int i = 1; i <= 1000; ++i) {
                    auto sent = co_await tx.send(i);
                    EXPECT_TRUE(sent.has_value());
                }
            }, tx);
            (void)producer;  // detached: the stream ends when every sender is gone
        }
        { auto gone = std::move(tx); }
        auto items = rt::stream_from_fn([&rx] { return rx.recv(); }) | rt::views::transform([](int v) { return long{v}; });
        co_return co_await rt::fold(std::move(items), 0L, [](long acc, long v) { return acc + v; });
    }());
    EXPECT_EQ(sum, 4L * 1000 * 1001 / 2);
}

TEST(stream_adaptors, cancelled_next_of_a_from_fn_stream_loses_no_message) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = rt::sync::mpsc::unbounded_channel<int>();
        auto s = rt::stream_from_fn([&rx] { return rx.recv(); });
        // Nothing sent yet: a zero timeout cancels the pending next().
        auto first = co_await rt::time::timeout(std::chrono::milliseconds(0), rt::next(s));
        EXPECT_FALSE(first.has_value());
        auto sent = tx.send(42);
        EXPECT_TRUE(sent.has_value());
        auto second = co_await rt::next(s);
        EXPECT_EQ(second, std::optional<int>(42));
    }());
}

TEST(stream_adaptors, an_always_ready_stream_still_yields_to_other_tasks) {
    auto rt = rt_test::current_thread_runtime();
    auto items = rt.block_on([]() -> rt::task<long> {
        auto flag = std::make_shared<std::atomic<bool>>(false);
        auto setter = rt::spawn([](std::shared_ptr<std::atomic<bool>> flag) -> rt::task<void> {
            flag->store(true);
            co_return;
        }, flag);
        (void)setter;
        // Without the coop budget in next(), this loop would never give the spawned task a turn;
        // it stops after 10 budgets either way, so a broken budget fails instead of hanging.
        auto s = naturals();
        long n = 0;
        const long give_up = 10L * rt::coop::initial_budget;
        while (!flag->load() && n < give_up) {
            (void)co_await rt::next(s);
            ++n;
        }
        EXPECT_TRUE(flag->load()) << "the spawned task never ran while the stream was drained";
        co_return n;
    }());
    EXPECT_GE(items, rt::coop::initial_budget);
    EXPECT_LE(items, 2L * rt::coop::initial_budget);
}
