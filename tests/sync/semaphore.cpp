// tests/sync/semaphore.cpp — semaphore: fairness, partial acquisition, cancellation gives permits
// back, close wakes waiters with an error, add/forget after close, owned permits.
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

using rt::sync::semaphore;
using sync_test::spawn_mock;

TEST(semaphore, try_acquire_takes_and_permit_returns_on_destruction) {
    semaphore s(2);
    {
        auto p = s.try_acquire_many(2);
        ASSERT_TRUE(p);
        EXPECT_EQ(p->count(), 2u);
        EXPECT_EQ(s.available_permits(), 0u);
        auto q = s.try_acquire();
        ASSERT_FALSE(q);
        EXPECT_EQ(q.error(), rt::sync::try_acquire_error::no_permits);
    }
    EXPECT_EQ(s.available_permits(), 2u);
}

TEST(semaphore, waiter_is_woken_by_release) {
    semaphore s(1);
    auto held = s.try_acquire();
    auto m = spawn_mock(s.acquire());
    EXPECT_TRUE(m.poll().is_pending());
    EXPECT_FALSE(m.is_woken());
    held = rt::sync::semaphore_permit();  // release
    EXPECT_TRUE(m.is_woken());
    auto r = m.poll();
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.take()->count(), 1u);
    EXPECT_EQ(s.available_permits(), 1u);  // the permit went out of scope with r
}

TEST(semaphore, large_acquire_many_is_not_starved_by_small_ones) {
    semaphore s(5);
    auto first = s.try_acquire_many(5);
    auto big = spawn_mock(s.acquire_many(4));
    EXPECT_TRUE(big.poll().is_pending());
    auto small = spawn_mock(s.acquire());
    EXPECT_TRUE(small.poll().is_pending());
    // Three permits come back one by one: the queued big acquire collects them all, the small one
    // (behind it) gets nothing, and the fast path cannot jump the queue either.
    auto parts = std::move(*first).split(3);
    parts = parts.split(0);  // releases 3
    EXPECT_FALSE(big.is_woken());
    EXPECT_EQ(s.available_permits(), 0u);
    EXPECT_FALSE(s.try_acquire());
    first = rt::sync::semaphore_permit();  // the last 2: big completes (4), 1 left goes to small
    EXPECT_TRUE(big.is_woken());
    EXPECT_TRUE(small.is_woken());
    auto b = big.poll();
    auto sm = small.poll();
    ASSERT_TRUE(b.is_ready());
    ASSERT_TRUE(sm.is_ready());
    EXPECT_EQ(s.available_permits(), 0u);
}

TEST(semaphore, cancelling_a_partial_acquire_gives_its_permits_back) {
    semaphore s(10);
    auto four = s.try_acquire_many(4);
    auto m = spawn_mock(s.acquire_many(8));
    EXPECT_TRUE(m.poll().is_pending());
    EXPECT_EQ(s.available_permits(), 0u);  // the waiter holds the 6 free ones
    m.reset();                              // cancel
    EXPECT_EQ(s.available_permits(), 6u);
}

TEST(semaphore, cancelled_waiter_passes_permits_to_the_next_in_line) {
    semaphore s(2);
    auto held = s.try_acquire_many(2);
    auto a = spawn_mock(s.acquire_many(2));
    auto b = spawn_mock(s.acquire());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    held->split(1);  // one permit back: a holds it (partial)
    EXPECT_FALSE(b.is_woken());
    a.reset();  // a's permit goes to b
    EXPECT_TRUE(b.is_woken());
    EXPECT_TRUE(b.poll().is_ready());
}

TEST(semaphore, completed_but_unobserved_acquire_returns_its_permits_when_destroyed) {
    semaphore s(1);
    auto held = s.try_acquire();
    auto m = spawn_mock(s.acquire());
    EXPECT_TRUE(m.poll().is_pending());
    held = rt::sync::semaphore_permit();
    EXPECT_TRUE(m.is_woken());
    EXPECT_EQ(s.available_permits(), 0u);  // handed to the waiter
    m.reset();                              // never polled again
    EXPECT_EQ(s.available_permits(), 1u);
}

TEST(semaphore, releases_go_back_to_the_count_once_the_queue_has_emptied) {
    // While someone waits, a release must reach the queue (not the count); once the last waiter
    // is gone (cancelled, served or closed out) a release must reach the count again.
    semaphore s(1);
    auto held = s.try_acquire();
    auto a = spawn_mock(s.acquire());
    EXPECT_TRUE(a.poll().is_pending());
    a.reset();  // the queue empties by cancellation
    held = rt::sync::semaphore_permit();
    EXPECT_EQ(s.available_permits(), 1u);
    held = *s.try_acquire();
    auto b = spawn_mock(s.acquire());
    EXPECT_TRUE(b.poll().is_pending());
    s.add_permits(1);  // straight to b, not to the count
    EXPECT_EQ(s.available_permits(), 0u);
    auto got = b.poll().take();  // the queue empties by service
    ASSERT_TRUE(got);
    held = rt::sync::semaphore_permit();
    EXPECT_EQ(s.available_permits(), 1u);
    auto c = spawn_mock(s.acquire_many(3));
    EXPECT_TRUE(c.poll().is_pending());  // holds the 1 free permit as a partial share
    s.close();                           // the queue empties by close; the share goes back
    EXPECT_FALSE(c.poll().take());
    got = rt::sync::semaphore_permit();
    EXPECT_EQ(s.available_permits(), 2u);
    s.add_permits(1);
    EXPECT_EQ(s.available_permits(), 3u);
}

TEST(semaphore, close_wakes_every_waiter_with_an_error_and_fails_later_acquires) {
    semaphore s(1);
    auto held = s.try_acquire();
    auto a = spawn_mock(s.acquire());
    auto b = spawn_mock(s.acquire_many(3));
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    s.close();
    EXPECT_TRUE(s.is_closed());
    EXPECT_TRUE(a.is_woken());
    EXPECT_TRUE(b.is_woken());
    auto ra = a.poll();
    auto rb = b.poll();
    ASSERT_TRUE(ra.is_ready());
    EXPECT_FALSE(ra.take());
    EXPECT_FALSE(rb.take());
    EXPECT_EQ(s.try_acquire().error(), rt::sync::try_acquire_error::closed);
    auto c = spawn_mock(s.acquire());
    auto rc = c.poll();
    ASSERT_TRUE(rc.is_ready());
    EXPECT_FALSE(rc.take());
}

TEST(semaphore, permits_can_be_added_and_forgotten_after_close) {
    semaphore s(2);
    s.close();
    s.add_permits(3);
    EXPECT_EQ(s.available_permits(), 5u);
    EXPECT_EQ(s.forget_permits(4), 4u);
    EXPECT_EQ(s.available_permits(), 1u);
    EXPECT_TRUE(s.is_closed());
}

TEST(semaphore, forgotten_permit_is_not_returned) {
    semaphore s(3);
    auto p = s.try_acquire_many(2);
    p->forget();
    p = rt::sync::semaphore_permit();
    EXPECT_EQ(s.available_permits(), 1u);
}

TEST(semaphore, max_permits_is_enforced) {
    EXPECT_THROW(semaphore(semaphore::max_permits + 1), rt::usage_error);
    semaphore s(semaphore::max_permits);
    EXPECT_THROW(s.add_permits(1), rt::usage_error);
}

TEST(semaphore, owned_permit_moves_into_another_task) {
    auto rt = rt_test::current_thread_runtime();
    auto s = std::make_shared<semaphore>(1);
    rt.block_on([](std::shared_ptr<semaphore> s) -> rt::task<void> {
        auto p = co_await semaphore::acquire_owned(s);
        EXPECT_TRUE(p);
        EXPECT_EQ(s->available_permits(), 0u);
        auto h = rt::spawn([](rt::sync::owned_semaphore_permit p) -> rt::task<std::size_t> {
            co_return p.count();
        }, std::move(*p));
        EXPECT_EQ(co_await h, 1u);
        EXPECT_EQ(s->available_permits(), 1u);
    }(s));
}

TEST(semaphore, aborting_a_task_waiting_in_acquire_loses_no_permit) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = std::make_shared<semaphore>(1);
        auto held = s->try_acquire();
        auto h = rt::spawn([](std::shared_ptr<semaphore> s) -> rt::task<void> {
            auto p = co_await s->acquire();
            ADD_FAILURE() << "the aborted task must not get the permit";
        }, s);
        co_await rt::yield_now();
        h.abort();
        EXPECT_THROW(co_await h, rt::cancelled_error);
        held = rt::sync::semaphore_permit();
        EXPECT_EQ(s->available_permits(), 1u);
    }());
}

TEST(semaphore, contended_tasks_and_threads_never_exceed_the_permit_count) {
    auto rt = rt_test::current_thread_runtime();
    auto s = std::make_shared<semaphore>(3);
    std::atomic<int> inside{0};
    std::atomic<int> max_inside{0};
    auto body = [](const std::shared_ptr<semaphore>& /*held*/, std::atomic<int>& inside, std::atomic<int>& max_inside) {
        int now = inside.fetch_add(1) + 1;
        int m = max_inside.load();
        while (now > m && !max_inside.compare_exchange_weak(m, now)) {
        }
        inside.fetch_sub(1);
    };
    std::thread t([&] {
        for (int i = 0; i < 2000; ++i) {
            for (;;) {
                auto p = s->try_acquire();
                if (p) {
                    body(s, inside, max_inside);
                    break;
                }
                std::this_thread::yield();
            }
        }
    });
    rt.block_on([](std::shared_ptr<semaphore> s, std::atomic<int>& inside, std::atomic<int>& max_inside,
                   decltype(body) body) -> rt::task<void> {
        std::vector<rt::join_handle<void>> hs;
        for (int i = 0; i < 8; ++i) {
            hs.push_back(rt::spawn([](std::shared_ptr<semaphore> s, std::atomic<int>& inside, std::atomic<int>& mx,
                                      decltype(body) body) -> rt::task<void> {
                for (int j = 0; j < 250; ++j) {
                    auto p = co_await s->acquire();
                    body(s, inside, mx);
                    co_await rt::yield_now();
                }
            }, s, std::ref(inside), std::ref(max_inside), body));
        }
        for (auto& h : hs) co_await h;
    }(s, inside, max_inside, body));
    t.join();
    EXPECT_LE(max_inside.load(), 3);
    EXPECT_EQ(s->available_permits(), 3u);
}

}  // namespace
