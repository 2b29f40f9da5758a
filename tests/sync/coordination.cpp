// tests/sync/coordination.cpp — barrier (one leader per generation, n = 0), once_cell (one
// initialiser among many, a failing initialiser lets the next try, set while initialising),
// cancellation_token (tree semantics, cancelled(), drop guard) and task_tracker (close + wait).
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

using rt::sync::barrier;
using rt::sync::cancellation_token;
using rt::sync::once_cell;
using rt::sync::task_tracker;
using sync_test::spawn_mock;

TEST(barrier, zero_does_not_block) {
    barrier b(0);
    auto m = spawn_mock(b.wait());
    auto r = m.poll();
    ASSERT_TRUE(r.is_ready());
    EXPECT_TRUE(r.take().is_leader());
}

TEST(barrier, releases_all_when_the_last_arrives_with_exactly_one_leader) {
    barrier b(3);
    auto a = spawn_mock(b.wait());
    auto c = spawn_mock(b.wait());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(c.poll().is_pending());
    auto last = spawn_mock(b.wait());
    auto rl = last.poll();
    ASSERT_TRUE(rl.is_ready());
    EXPECT_TRUE(rl.take().is_leader());
    EXPECT_TRUE(a.is_woken());
    EXPECT_TRUE(c.is_woken());
    EXPECT_FALSE(a.poll().take().is_leader());
    EXPECT_FALSE(c.poll().take().is_leader());
    auto next = spawn_mock(b.wait());  // a new generation starts empty
    EXPECT_TRUE(next.poll().is_pending());
}

TEST(barrier, lots_of_generations_have_one_leader_each) {
    auto rt = rt_test::current_thread_runtime();
    auto b = std::make_shared<barrier>(10);
    std::atomic<int> leaders{0};
    rt.block_on([](std::shared_ptr<barrier> b, std::atomic<int>& leaders) -> rt::task<void> {
        std::vector<rt::join_handle<void>> hs;
        for (int i = 0; i < 10; ++i) {
            hs.push_back(rt::spawn([](std::shared_ptr<barrier> b, std::atomic<int>& leaders) -> rt::task<void> {
                for (int g = 0; g < 100; ++g) {
                    if ((co_await b->wait()).is_leader()) leaders.fetch_add(1);
                }
            }, b, std::ref(leaders)));
        }
        for (auto& h : hs) co_await h;
    }(b, leaders));
    EXPECT_EQ(leaders.load(), 100);
}

TEST(once_cell, concurrent_initialisers_run_once) {
    auto rt = rt_test::current_thread_runtime();
    auto cell = std::make_shared<once_cell<int>>();
    std::atomic<int> runs{0};
    rt.block_on([](std::shared_ptr<once_cell<int>> cell, std::atomic<int>& runs) -> rt::task<void> {
        std::vector<rt::join_handle<int>> hs;
        for (int i = 0; i < 20; ++i) {
            hs.push_back(rt::spawn([](std::shared_ptr<once_cell<int>> cell, std::atomic<int>& runs, int i) -> rt::task<int> {
                const int& v = co_await cell->get_or_init([&runs, i]() -> rt::task<int> {
                    runs.fetch_add(1);
                    co_await rt::yield_now();  // the others queue meanwhile
                    co_return 100 + i;
                });
                co_return v;
            }, cell, std::ref(runs), i));
        }
        for (auto& h : hs) EXPECT_EQ(co_await h, 100);
    }(cell, runs));
    EXPECT_EQ(runs.load(), 1);
    ASSERT_NE(cell->get(), nullptr);
    EXPECT_EQ(*cell->get(), 100);
}

TEST(once_cell, a_failing_initialiser_lets_the_next_caller_initialise) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        once_cell<std::string> cell;
        try {
            (void)co_await cell.get_or_init([]() -> rt::task<std::string> {
                throw std::runtime_error("init failed");
                co_return "";
            });
            ADD_FAILURE() << "expected the initialiser's exception";
        } catch (const std::runtime_error&) {
        }
        EXPECT_FALSE(cell.initialized());
        const std::string& v = co_await cell.get_or_init([]() -> rt::task<std::string> { co_return "ok"; });
        EXPECT_EQ(v, "ok");
    }());
}

TEST(once_cell, set_while_initialising_fails_and_set_after_init_fails) {
    once_cell<int> cell;
    auto init = spawn_mock(cell.get_or_init([]() -> rt::task<int> {
        co_await rt_test::never{};
        co_return 1;
    }));
    EXPECT_TRUE(init.poll().is_pending());
    auto r = cell.set(2);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().reason, rt::sync::set_error<int>::kind::initializing);
    init.reset();  // cancel the initialiser: its permit comes back
    EXPECT_TRUE(cell.set(3));
    auto again = cell.set(4);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().reason, rt::sync::set_error<int>::kind::already_initialized);
    EXPECT_EQ(*cell.get(), 3);
}

TEST(cancellation_token, cancel_child_token_through_parent) {
    cancellation_token parent;
    auto child = parent.child_token();
    auto m = spawn_mock(child.cancelled());
    EXPECT_TRUE(m.poll().is_pending());
    parent.cancel();
    EXPECT_TRUE(child.is_cancelled());
    EXPECT_TRUE(m.is_woken());
    EXPECT_TRUE(m.poll().is_ready());
}

TEST(cancellation_token, cancel_grandchild_through_parent_if_the_child_was_dropped) {
    cancellation_token parent;
    std::optional<cancellation_token> child = parent.child_token();
    auto grandchild = child->child_token();
    child.reset();
    parent.cancel();
    EXPECT_TRUE(grandchild.is_cancelled());
}

TEST(cancellation_token, child_created_after_cancel_is_cancelled) {
    cancellation_token parent;
    parent.cancel();
    auto child = parent.child_token();
    EXPECT_TRUE(child.is_cancelled());
    auto m = spawn_mock(child.cancelled());
    EXPECT_TRUE(m.poll().is_ready());
}

TEST(cancellation_token, cancelling_a_child_leaves_the_parent_alone) {
    cancellation_token parent;
    auto child = parent.child_token();
    auto copy = child;
    copy.cancel();
    EXPECT_TRUE(child.is_cancelled());
    EXPECT_FALSE(parent.is_cancelled());
}

TEST(cancellation_token, drop_guard_cancels_unless_disarmed) {
    cancellation_token t;
    { auto g = t.get_drop_guard(); }
    EXPECT_TRUE(t.is_cancelled());
    cancellation_token u;
    {
        auto g = u.get_drop_guard();
        auto back = std::move(g).disarm();
        EXPECT_FALSE(back.is_cancelled());
    }
    EXPECT_FALSE(u.is_cancelled());
}

TEST(cancellation_token, a_thread_cancels_a_waiting_task_through_its_parent) {
    auto rt = rt_test::current_thread_runtime();
    cancellation_token root;
    cancellation_token mid = root.child_token();
    cancellation_token leaf = mid.child_token();
    std::thread th([mid] { mid.cancel(); });
    rt.block_on([](cancellation_token t) -> rt::task<void> { co_await t.cancelled(); }(leaf));
    th.join();
    EXPECT_TRUE(leaf.is_cancelled());
    EXPECT_FALSE(root.is_cancelled());
}

TEST(task_tracker, wait_completes_when_closed_and_the_last_task_ends) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        task_tracker tracker;
        std::vector<rt_test::manual_signal> sigs(3);  // one waiter each
        for (auto& sig : sigs) {
            rt::spawn(tracker.track_future([](rt_test::manual_signal sig) -> rt::task<void> {
                co_await sig.wait();
            }(sig))).detach();
        }
        EXPECT_EQ(tracker.len(), 3u);
        auto w = tracker.wait();
        tracker.close();
        co_await rt::yield_now();
        EXPECT_EQ(tracker.len(), 3u);
        for (auto& sig : sigs) sig.fire();
        co_await w;
        EXPECT_TRUE(tracker.is_empty());
    }());
}

TEST(task_tracker, wait_is_immediate_when_closed_and_empty_and_reopen_resets) {
    task_tracker tracker;
    auto open_wait = spawn_mock(tracker.wait());
    EXPECT_TRUE(open_wait.poll().is_pending());
    tracker.close();
    EXPECT_TRUE(open_wait.is_woken());
    EXPECT_TRUE(open_wait.poll().is_ready());
    EXPECT_TRUE(tracker.reopen());
    auto token = tracker.token();
    tracker.close();
    auto w = spawn_mock(tracker.wait());
    EXPECT_TRUE(w.poll().is_pending());
    { auto gone = std::move(token); }
    EXPECT_TRUE(w.is_woken());
    EXPECT_TRUE(w.poll().is_ready());
}

}  // namespace
