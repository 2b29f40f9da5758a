// tests/runtime/task_completion.cpp — rt::task returns values, void and exceptions; nesting uses
// symmetric transfer (no stack growth); spurious wakes do not resume user code.
#include "support/rt_test.hpp"

namespace {

rt::task<int> answer() { co_return 42; }
rt::task<void> nothing(int& touched) {
    touched = 1;
    co_return;
}
rt::task<int> fails() {
    throw std::runtime_error("boom");
    co_return 0;
}
rt::task<int> yields_then(int v) {
    co_await rt::yield_now();
    co_await rt::yield_now();
    co_return v;
}

// A hand-written future that drives a task itself: the inner task's chain is polled from inside
// the outer chain's poll.
struct drives_a_task {
    rt::task<int> inner;
    rt::poll_result<int> poll(rt::context& cx) { return inner.poll(cx); }
};

rt::task<long> depth(int n) {
    if (n == 0) co_return 0;
    co_return 1 + co_await depth(n - 1);
}

TEST(task_completion, returns_value) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(answer()), 42);
}

TEST(task_completion, returns_void) {
    auto rt = rt_test::current_thread_runtime();
    int touched = 0;
    rt.block_on(nothing(touched));
    EXPECT_EQ(touched, 1);
}

TEST(task_completion, exception_reaches_the_awaiter) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_THROW(rt.block_on(fails()), std::runtime_error);
    auto caught = rt.block_on([]() -> rt::task<std::string> {
        try {
            co_await fails();
        } catch (const std::runtime_error& e) {
            co_return e.what();
        }
        co_return "no exception";
    }());
    EXPECT_EQ(caught, "boom");
}

TEST(task_completion, ten_thousand_nested_awaits_do_not_overflow_the_stack) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(depth(10'000)), 10'000);
}

TEST(task_completion, a_task_is_lazy_until_awaited) {
    auto rt = rt_test::current_thread_runtime();
    int touched = 0;
    auto t = nothing(touched);
    EXPECT_EQ(touched, 0);
    rt.block_on(std::move(t));
    EXPECT_EQ(touched, 1);
}

TEST(task_completion, spurious_wake_repolls_the_leaf_without_resuming_the_task) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal sig;
    int resumed = 0;
    auto h = rt.spawn([](rt_test::manual_signal s, int& resumed) -> rt::task<void> {
        co_await s.wait();
        ++resumed;
    }, sig, std::ref(resumed));
    rt.block_on([](rt_test::manual_signal s) -> rt::task<void> {
        co_await rt::yield_now();  // let the spawned task reach its wait
        s.poke();
        co_await rt::yield_now();
        co_await rt::yield_now();
    }(sig));
    EXPECT_EQ(resumed, 0);
    EXPECT_EQ(sig.polls(), 2);  // the first poll, then the re-poll after the spurious wake
    sig.fire();
    rt.block_on(std::move(h));
    EXPECT_EQ(resumed, 1);
}

}  // namespace

namespace {

// Each chain keeps its own pending leaf: the inner task's suspensions register in the inner chain,
// and once its poll returns, the outer chain's next co_await registers in the outer one again.
TEST(task_completion, a_task_polled_by_a_future_inside_another_chain_keeps_both_chains_apart) {
    auto rt = rt_test::current_thread_runtime();
    const int got = rt.block_on([]() -> rt::task<int> {
        int sum = 0;
        for (int i = 0; i < 3; ++i) {
            drives_a_task d{yields_then(i + 1)};
            sum += co_await d;            // pending twice: the inner chain's leaf is the yield
            co_await rt::yield_now();     // then the outer chain suspends on its own leaf
            sum += co_await yields_then(10);  // and a child runs in the outer chain again
        }
        co_return sum;
    }());
    EXPECT_EQ(got, 1 + 2 + 3 + 30);
}

}  // namespace
