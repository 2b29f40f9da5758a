// tests/sync/mutex.cpp — mutex and rw_lock: FIFO hand-off, order across 1,000 waiters, a cancelled
// lock leaves the queue intact, owned guards across tasks, write preference, max_readers.
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

using rt::sync::mutex;
using rt::sync::rw_lock;
using sync_test::spawn_mock;

TEST(mutex, try_lock_fails_while_held_and_succeeds_after) {
    mutex<int> m(1);
    {
        auto g = m.try_lock();
        ASSERT_TRUE(g);
        **g = 2;
        EXPECT_FALSE(m.try_lock());
    }
    auto g = m.try_lock();
    ASSERT_TRUE(g);
    EXPECT_EQ(**g, 2);
}

TEST(mutex, unlock_hands_the_lock_to_the_woken_waiter) {
    mutex<int> m(0);
    auto g = m.try_lock();
    auto w = spawn_mock(m.lock());
    EXPECT_TRUE(w.poll().is_pending());
    g = rt::sync::try_lock_error{};  // drops the guard
    EXPECT_TRUE(w.is_woken());
    EXPECT_FALSE(m.try_lock());  // already handed off: nobody can barge in
    auto r = w.poll();
    ASSERT_TRUE(r.is_ready());
}

TEST(mutex, cancelled_lock_leaves_no_stale_lock_and_keeps_the_queue_order) {
    mutex<int> m(0);
    auto g = m.try_lock();
    auto a = spawn_mock(m.lock());
    auto b = spawn_mock(m.lock());
    auto c = spawn_mock(m.lock());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    EXPECT_TRUE(c.poll().is_pending());
    b.reset();  // cancel the middle waiter
    g = rt::sync::try_lock_error{};
    EXPECT_TRUE(a.is_woken());
    EXPECT_FALSE(c.is_woken());
    {
        auto ga = a.poll();
        ASSERT_TRUE(ga.is_ready());
    }
    EXPECT_TRUE(c.is_woken());
    auto gc = c.poll();
    ASSERT_TRUE(gc.is_ready());
    a.reset();
    c.reset();
}

TEST(mutex, cancelling_after_hand_off_but_before_the_poll_unlocks) {
    mutex<int> m(0);
    auto g = m.try_lock();
    auto a = spawn_mock(m.lock());
    EXPECT_TRUE(a.poll().is_pending());
    g = rt::sync::try_lock_error{};  // hands the lock to a
    a.reset();                       // a never observes it
    EXPECT_TRUE(m.try_lock());
}

TEST(mutex, one_thousand_waiters_get_the_lock_in_fifo_order) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto m = std::make_shared<mutex<std::vector<int>>>();
        auto first = co_await m->lock();
        std::vector<rt::join_handle<void>> hs;
        for (int i = 0; i < 1000; ++i) {
            hs.push_back(rt::spawn([](std::shared_ptr<mutex<std::vector<int>>> m, int i) -> rt::task<void> {
                auto g = co_await m->lock();
                g->push_back(i);
                co_await rt::yield_now();  // hold it across a suspension
            }, m, i));
            co_await rt::yield_now();  // task i queues before task i + 1 is spawned
        }
        { auto drop = std::move(first); }
        for (auto& h : hs) co_await h;
        auto g = co_await m->lock();
        std::vector<int> expected(1000);
        std::iota(expected.begin(), expected.end(), 0);
        EXPECT_EQ(*g, expected);
    }());
}

TEST(mutex, aborted_waiting_task_does_not_break_the_queue) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto m = std::make_shared<mutex<std::vector<int>>>();
        auto g = co_await m->lock();
        auto waiter = [](std::shared_ptr<mutex<std::vector<int>>> m, int i) -> rt::task<void> {
            auto g = co_await m->lock();
            g->push_back(i);
        };
        auto h1 = rt::spawn(waiter, m, 1);
        co_await rt::yield_now();
        auto h2 = rt::spawn(waiter, m, 2);
        co_await rt::yield_now();
        auto h3 = rt::spawn(waiter, m, 3);
        co_await rt::yield_now();
        h2.abort();
        EXPECT_THROW(co_await h2, rt::cancelled_error);
        { auto drop = std::move(g); }
        co_await h1;
        co_await h3;
        auto check = co_await m->lock();
        EXPECT_EQ(*check, (std::vector<int>{1, 3}));
    }());
}

TEST(mutex, owned_guard_moves_into_another_task) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto m = std::make_shared<mutex<int>>(5);
        auto g = co_await mutex<int>::lock_owned(m);
        auto h = rt::spawn([](rt::sync::owned_mutex_guard<int> g) -> rt::task<void> {
            *g += 1;
            co_return;
        }, std::move(g));
        co_await h;
        auto again = mutex<int>::try_lock_owned(m);
        EXPECT_TRUE(again);
        if (again) {
            EXPECT_EQ(**again, 6);
        }
    }());
}

TEST(mutex, blocking_threads_and_tasks_count_exactly) {
    auto rt = rt_test::current_thread_runtime();
    auto m = std::make_shared<mutex<long>>(0);
    std::thread t([m] {
        for (int i = 0; i < 5000; ++i) {
            for (;;) {
                auto g = m->try_lock();
                if (g) {
                    **g += 1;
                    break;
                }
                std::this_thread::yield();
            }
        }
    });
    rt.block_on([](std::shared_ptr<mutex<long>> m) -> rt::task<void> {
        for (int i = 0; i < 5000; ++i) {
            auto g = co_await m->lock();
            *g += 1;
        }
    }(m));
    t.join();
    EXPECT_EQ(m->get_mut(), 10000);
}

TEST(rw_lock, readers_share_and_a_writer_excludes) {
    rw_lock<int> l(1);
    auto r1 = l.try_read();
    auto r2 = l.try_read();
    ASSERT_TRUE(r1);
    ASSERT_TRUE(r2);
    EXPECT_EQ(**r1, 1);
    EXPECT_FALSE(l.try_write());
    r1 = rt::sync::try_lock_error{};
    r2 = rt::sync::try_lock_error{};
    auto w = l.try_write();
    ASSERT_TRUE(w);
    **w = 2;
    EXPECT_FALSE(l.try_read());
}

TEST(rw_lock, a_queued_writer_blocks_new_readers) {
    rw_lock<int> l(0);
    auto r = l.try_read();
    auto w = spawn_mock(l.write());
    EXPECT_TRUE(w.poll().is_pending());
    EXPECT_FALSE(l.try_read());  // write preference
    auto r2 = spawn_mock(l.read());
    EXPECT_TRUE(r2.poll().is_pending());
    r = rt::sync::try_lock_error{};
    EXPECT_TRUE(w.is_woken());
    EXPECT_FALSE(r2.is_woken());
    {
        auto g = w.poll();
        ASSERT_TRUE(g.is_ready());
        *g.value() = 7;  // poll_result::value() is the guard
    }
    EXPECT_TRUE(r2.is_woken());
    auto g2 = r2.poll();
    ASSERT_TRUE(g2.is_ready());
}

TEST(rw_lock, max_readers_limits_concurrent_readers) {
    rw_lock<int> l(0, 2);
    EXPECT_EQ(l.max_readers(), 2u);
    auto a = l.try_read();
    auto b = l.try_read();
    EXPECT_TRUE(a);
    EXPECT_TRUE(b);
    EXPECT_FALSE(l.try_read());
}

TEST(rw_lock, cancelled_writer_lets_readers_in) {
    rw_lock<int> l(0);
    auto r = l.try_read();
    auto w = spawn_mock(l.write());
    EXPECT_TRUE(w.poll().is_pending());
    EXPECT_FALSE(l.try_read());
    w.reset();
    EXPECT_TRUE(l.try_read());
}

TEST(rw_lock, owned_guards_work_across_tasks) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = std::make_shared<rw_lock<int>>(3);
        auto w = co_await rw_lock<int>::write_owned(l);
        *w = 4;
        auto h = rt::spawn([](std::shared_ptr<rw_lock<int>> l) -> rt::task<int> {
            auto r = co_await rw_lock<int>::read_owned(l);
            co_return *r;
        }, l);
        co_await rt::yield_now();
        { auto drop = std::move(w); }
        EXPECT_EQ(co_await h, 4);
    }());
}

}  // namespace
