// tests/runtime/join_set_lists.cpp — join_set's idle/notified lists (issue #14 item 8): a completion
// costs O(1) member polls whatever the set's size, outputs come in completion order, a join_next
// already waiting sees a newly spawned member, and an entry's waker may fire after the set is gone.
#include "support/rt_test.hpp"

namespace {

/// A waker that counts its wakes (the join_next caller, polled by hand).
struct counting_waker {
    std::atomic<int> wakes{0};
    static void clone(const void*) {}
    static void wake(const void* p) { static_cast<counting_waker*>(const_cast<void*>(p))->wakes.fetch_add(1); }
    static void drop(const void*) {}
    static constexpr rt::waker_vtable vtable{&clone, &wake, &wake, &drop};
    rt::waker get() { return rt::waker(this, &vtable); }
};

// Issue #14 item 8: join_next scanned every member on each call (O(n) per completion, O(n^2) to
// drain). With the notified list, draining n tasks that finish one at a time costs each member one
// poll to register its waker plus one when it finishes: 2n in all (the old scan made n(n+1)/2).
TEST(join_set_lists, each_completion_costs_one_member_poll_and_outputs_come_in_completion_order) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        constexpr int n = 1000;
        std::vector<rt_test::manual_signal> sig(n);
        rt::join_set<int> set;
        for (int i = 0; i < n; ++i) {
            set.spawn([](rt_test::manual_signal s, int v) -> rt::task<int> { co_await s.wait(); co_return v; }, sig[i], i);
        }
        co_await rt::yield_now();  // every member runs once and waits on its signal
        for (int i = n - 1; i >= 0; --i) {
            sig[i].fire();
            EXPECT_EQ(*co_await set.join_next(), i);  // the one just finished, not any other
        }
        EXPECT_TRUE(set.is_empty());
        EXPECT_FALSE((co_await set.join_next()).has_value());
        EXPECT_LE(set.members_polled_for_test(), std::size_t{2 * n});
    }());
}

// A member that finishes while join_next waits costs one poll even in a set of many idle members.
TEST(join_set_lists, a_completion_among_many_idle_members_polls_only_that_member) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<int> set;
        for (int i = 0; i < 500; ++i) set.spawn([]() -> rt::task<int> { co_await rt_test::never{}; co_return 0; });
        rt_test::manual_signal sig;
        set.spawn([](rt_test::manual_signal s) -> rt::task<int> { co_await s.wait(); co_return 42; }, sig);
        EXPECT_FALSE(set.try_join_next().has_value());  // registers every member's waker
        const std::size_t before = set.members_polled_for_test();
        EXPECT_EQ(before, 501u);
        sig.fire();
        EXPECT_EQ(*co_await set.join_next(), 42);
        EXPECT_EQ(set.members_polled_for_test() - before, 1u);
        EXPECT_EQ(set.len(), 500u);
    }());  // the set is destroyed here, aborting the 500
}

// spawn into a set whose join_next is already waiting (as in a select) wakes that join_next, so it
// polls the newcomer: a new member starts on the notified list and its waker is not yet registered.
TEST(join_set_lists, spawn_wakes_a_waiting_join_next) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<int> set;
        set.spawn([]() -> rt::task<int> { co_await rt_test::never{}; co_return 0; });
        counting_waker cw;
        const rt::waker w = cw.get();
        rt::context cx(w);
        auto next = set.join_next();
        EXPECT_TRUE(next.poll(cx).is_pending());
        EXPECT_EQ(cw.wakes.load(), 0);
        set.spawn([]() -> rt::task<int> { co_return 5; });
        EXPECT_EQ(cw.wakes.load(), 1);
        EXPECT_EQ(*co_await set.join_next(), 5);
        set.abort_all();
        EXPECT_THROW(co_await set.join_next(), rt::cancelled_error);
    }());
}

// A spurious wake of a member (its task woken but not finished) moves it to the notified list;
// join_next polls it, finds it pending, puts it back to idle and keeps waiting.
TEST(join_set_lists, a_member_polled_pending_goes_back_to_idle) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<int> set;
        rt_test::manual_signal sig;
        set.spawn([](rt_test::manual_signal s) -> rt::task<int> { co_await s.wait(); co_return 3; }, sig);
        EXPECT_FALSE(set.try_join_next().has_value());  // member idle, its waker registered
        EXPECT_FALSE(set.try_join_next().has_value());  // nothing notified: no member is polled
        EXPECT_EQ(set.members_polled_for_test(), 1u);
        sig.fire();
        EXPECT_EQ(*co_await set.join_next(), 3);
    }());
}

// Issue #14 item 8: an entry's waker belongs to the task and may fire on a worker thread after the
// set is gone. The member blocks inside its poll on a worker until the set was destroyed, then
// finishes there and fires its join waker (the entry's) against the freed set's lists (tsan/asan).
TEST(join_set_lists, a_member_finishing_on_a_worker_after_the_set_is_gone_is_safe) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    std::latch started(1), gate(1);
    std::atomic<int> drops{0};
    rt.block_on([](std::latch& started, std::latch& gate, std::atomic<int>& drops) -> rt::task<void> {
        rt::abort_handle ah;
        {
            rt::join_set<int> set;
            ah = set.spawn([](std::latch* started, std::latch* gate, rt_test::drop_counter d) -> rt::task<int> {
                rt_test::drop_counter mine = std::move(d);
                started->count_down();
                gate->wait();  // blocks this worker inside the poll until the set is destroyed
                co_return 1;
            }, &started, &gate, rt_test::drop_counter(drops));
            started.wait();
            EXPECT_FALSE(set.try_join_next().has_value());  // the entry's waker is now the join waker
        }  // destroyed: aborts (the member is mid-poll, so it runs on), detaches, frees its entry ref
        gate.count_down();
        while (!ah.is_finished()) co_await rt::yield_now();  // waits for the worker; no timing
        EXPECT_EQ(drops.load(), 1);
    }(started, gate, drops));
}

// Moving a set keeps its members (their entries point at the shared lists, not at the set).
TEST(join_set_lists, a_moved_set_keeps_its_members) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::join_set<int> a;
        for (int i = 1; i <= 3; ++i) a.spawn([](int v) -> rt::task<int> { co_return v; }, i);
        rt::join_set<int> b(std::move(a));
        EXPECT_EQ(a.len(), 0u);
        EXPECT_EQ(b.len(), 3u);
        rt::join_set<int> c;
        c.spawn([]() -> rt::task<int> { co_await rt_test::never{}; co_return 0; });
        c = std::move(b);  // c's own member is aborted and detached
        int sum = 0;
        while (auto v = co_await c.join_next()) sum += *v;
        EXPECT_EQ(sum, 6);
        c.detach_all();
        EXPECT_TRUE(c.is_empty());
    }());
}

}  // namespace
