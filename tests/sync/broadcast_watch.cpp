// tests/sync/broadcast_watch.cpp — broadcast (every receiver sees every value, exact lag arithmetic,
// power-of-two capacity, close after drain) and watch (versions per receiver, late receivers,
// send_modify / send_if_modified, close semantics).
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace broadcast = rt::sync::broadcast;
namespace watch = rt::sync::watch;
using sync_test::spawn_mock;

TEST(broadcast, every_receiver_sees_every_value) {
    auto [tx, rx1] = broadcast::channel<int>(8);
    auto rx2 = tx.subscribe();
    EXPECT_EQ(tx.send(1).value(), 2u);
    EXPECT_EQ(tx.send(2).value(), 2u);
    EXPECT_EQ(rx1.try_recv().value(), 1);
    EXPECT_EQ(rx1.try_recv().value(), 2);
    EXPECT_EQ(rx2.try_recv().value(), 1);
    EXPECT_EQ(rx2.try_recv().value(), 2);
    EXPECT_TRUE(rx1.try_recv().error().is_empty());
}

TEST(broadcast, lag_with_capacity_2_and_4_sends_reports_2_then_resumes_at_the_oldest) {
    auto [tx, rx] = broadcast::channel<int>(2);
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(tx.send(i));
    auto m = spawn_mock(rx.recv());
    auto r = m.poll().take();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is_lagged());
    EXPECT_EQ(r.error().skipped, 2u);
    EXPECT_EQ(rx.try_recv().value(), 3);
    EXPECT_EQ(rx.try_recv().value(), 4);
    EXPECT_TRUE(rx.try_recv().error().is_empty());
}

TEST(broadcast, capacity_rounds_up_to_a_power_of_two) {
    auto [tx, rx] = broadcast::channel<int>(3);
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(tx.send(i));
    EXPECT_EQ(rx.try_recv().value(), 0);  // 4 slots: nothing lost
    ASSERT_TRUE(tx.send(4));
    ASSERT_TRUE(tx.send(5));
    auto lag = rx.try_recv();
    ASSERT_FALSE(lag);
    EXPECT_EQ(lag.error().skipped, 1u);
    EXPECT_EQ(rx.try_recv().value(), 2);
}

TEST(broadcast, lag_is_tracked_per_receiver) {
    auto [tx, fast] = broadcast::channel<int>(2);
    auto slow = tx.subscribe();
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(tx.send(i));
        EXPECT_EQ(fast.try_recv().value(), i);
    }
    EXPECT_EQ(slow.try_recv().error().skipped, 1u);
    EXPECT_EQ(slow.try_recv().value(), 1);
    EXPECT_TRUE(fast.try_recv().error().is_empty());
}

TEST(broadcast, send_without_receivers_fails_and_a_later_subscriber_sees_only_later_values) {
    auto [tx, rx] = broadcast::channel<int>(4);
    { auto gone = std::move(rx); }
    auto r = tx.send(1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().value, 1);
    auto late = tx.subscribe();
    ASSERT_TRUE(tx.send(2));
    EXPECT_EQ(late.try_recv().value(), 2);
}

TEST(broadcast, buffered_values_are_delivered_after_the_sender_drops_then_closed) {
    auto [tx, rx] = broadcast::channel<int>(4);
    ASSERT_TRUE(tx.send(1));
    { auto gone = std::move(tx); }
    EXPECT_EQ(rx.try_recv().value(), 1);
    EXPECT_TRUE(rx.try_recv().error().is_closed());
    auto m = spawn_mock(rx.recv());
    auto r = m.poll().take();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is_closed());
}

TEST(broadcast, send_wakes_every_waiting_receiver_and_a_cancelled_recv_loses_nothing) {
    auto [tx, rx1] = broadcast::channel<int>(4);
    auto rx2 = tx.subscribe();
    auto a = spawn_mock(rx1.recv());
    auto b = spawn_mock(rx2.recv());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    ASSERT_TRUE(tx.send(7));
    EXPECT_TRUE(a.is_woken());
    EXPECT_TRUE(b.is_woken());
    EXPECT_EQ(a.poll().take().value(), 7);
    b.reset();  // cancelled after the wake
    EXPECT_EQ(rx2.try_recv().value(), 7);
}

TEST(broadcast, dropping_the_last_sender_wakes_a_pending_recv_with_closed) {
    auto [tx, rx] = broadcast::channel<int>(2);
    auto tx2 = tx;
    auto m = spawn_mock(rx.recv());
    EXPECT_TRUE(m.poll().is_pending());
    { auto gone = std::move(tx); }
    EXPECT_FALSE(m.is_woken());
    { auto gone = std::move(tx2); }
    EXPECT_TRUE(m.is_woken());
    auto r = m.poll().take();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is_closed());
}

TEST(broadcast, resubscribe_starts_at_the_newest_end) {
    auto [tx, rx] = broadcast::channel<int>(4);
    ASSERT_TRUE(tx.send(1));
    auto rx2 = rx.resubscribe();
    ASSERT_TRUE(tx.send(2));
    EXPECT_EQ(rx2.try_recv().value(), 2);
    EXPECT_EQ(rx.try_recv().value(), 1);
}

TEST(broadcast, producer_thread_and_two_receiving_tasks_count_exactly) {
    auto rt = rt_test::current_thread_runtime();
    auto [tx, rx1] = broadcast::channel<int>(1024);
    auto rx2 = tx.subscribe();
    std::thread producer([tx = std::move(tx)]() mutable {
        for (int i = 0; i < 1000; ++i) EXPECT_TRUE(tx.send(i));
    });
    auto sum_all = [](broadcast::receiver<int> rx) -> rt::task<long> {
        long sum = 0;
        for (;;) {
            auto r = co_await rx.recv();
            if (!r) {
                EXPECT_TRUE(r.error().is_closed());
                co_return sum;
            }
            sum += *r;
        }
    };
    auto [s1, s2] = rt.block_on([](auto sum_all, broadcast::receiver<int> a, broadcast::receiver<int> b)
                                    -> rt::task<std::pair<long, long>> {
        auto h = rt::spawn(sum_all, std::move(b));
        long s1 = co_await sum_all(std::move(a));
        co_return std::pair{s1, co_await h};
    }(sum_all, std::move(rx1), std::move(rx2)));
    producer.join();
    EXPECT_EQ(s1, 499500);
    EXPECT_EQ(s2, 499500);
}

TEST(watch, changed_starts_pending_and_is_woken_by_send) {
    auto [tx, rx] = watch::channel<int>(0);
    auto m = spawn_mock(rx.changed());
    EXPECT_TRUE(m.poll().is_pending());
    ASSERT_TRUE(tx.send(1));
    EXPECT_TRUE(m.is_woken());
    EXPECT_TRUE(m.poll().take());
    EXPECT_EQ(*rx.borrow(), 1);
    EXPECT_FALSE(rx.has_changed().value());
}

TEST(watch, receiver_created_after_a_send_sees_the_latest_value_as_seen) {
    auto [tx, rx] = watch::channel<std::string>("a");
    ASSERT_TRUE(tx.send("b"));
    auto late = tx.subscribe();
    EXPECT_EQ(*late.borrow(), "b");
    EXPECT_FALSE(late.has_changed().value());
    EXPECT_TRUE(rx.has_changed().value());  // the first receiver has not seen "b"
    auto m = spawn_mock(late.changed());
    EXPECT_TRUE(m.poll().is_pending());
}

TEST(watch, receiver_never_misses_the_latest_value) {
    auto [tx, rx] = watch::channel<int>(0);
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(tx.send(i));
    auto m = spawn_mock(rx.changed());
    EXPECT_TRUE(m.poll().take());
    {
        auto r = rx.borrow_and_update();
        EXPECT_EQ(*r, 5);
        EXPECT_FALSE(r.has_changed());
    }
    auto m2 = spawn_mock(rx.changed());
    EXPECT_TRUE(m2.poll().is_pending());
}

TEST(watch, version_bookkeeping_is_per_receiver) {
    auto [tx, rx] = watch::channel<int>(0);
    auto rx2 = rx;
    tx.send_modify([](int& v) { v = 3; });
    EXPECT_EQ(*rx.borrow_and_update(), 3);
    EXPECT_FALSE(rx.has_changed().value());
    EXPECT_TRUE(rx2.has_changed().value());
    rx.mark_changed();
    EXPECT_TRUE(rx.has_changed().value());
    rx2.mark_unchanged();
    EXPECT_FALSE(rx2.has_changed().value());
}

TEST(watch, send_if_modified_notifies_only_when_it_modified) {
    auto [tx, rx] = watch::channel<int>(1);
    EXPECT_FALSE(tx.send_if_modified([](int& v) { return v == 0; }));
    EXPECT_FALSE(rx.has_changed().value());
    EXPECT_TRUE(tx.send_if_modified([](int& v) {
        v = 2;
        return true;
    }));
    EXPECT_TRUE(rx.has_changed().value());
}

TEST(watch, changed_succeeds_on_a_closed_channel_with_an_unseen_value_then_errors) {
    auto [tx, rx] = watch::channel<int>(0);
    ASSERT_TRUE(tx.send(1));
    { auto gone = std::move(tx); }
    EXPECT_FALSE(rx.has_changed());
    auto m = spawn_mock(rx.changed());
    EXPECT_TRUE(m.poll().take());
    auto m2 = spawn_mock(rx.changed());
    EXPECT_FALSE(m2.poll().take());
}

TEST(watch, receiver_is_woken_when_the_sender_is_dropped) {
    auto [tx, rx] = watch::channel<int>(0);
    auto m = spawn_mock(rx.changed());
    EXPECT_TRUE(m.poll().is_pending());
    { auto gone = std::move(tx); }
    EXPECT_TRUE(m.is_woken());
    EXPECT_FALSE(m.poll().take());
}

TEST(watch, send_fails_without_receivers_but_send_replace_stores_and_subscribe_reopens) {
    auto [tx, rx] = watch::channel<int>(0);
    auto closed = spawn_mock(tx.closed());
    EXPECT_TRUE(closed.poll().is_pending());
    { auto gone = std::move(rx); }
    EXPECT_TRUE(closed.is_woken());
    EXPECT_TRUE(closed.poll().is_ready());
    EXPECT_TRUE(tx.is_closed());
    EXPECT_EQ(tx.send(5).error().value, 5);
    EXPECT_EQ(tx.send_replace(6), 0);
    auto rx2 = tx.subscribe();
    EXPECT_FALSE(tx.is_closed());
    EXPECT_EQ(*rx2.borrow(), 6);
}

TEST(watch, a_thread_sending_many_values_always_ends_with_the_last_one_seen) {
    auto rt = rt_test::current_thread_runtime();
    auto [tx, rx] = watch::channel<int>(0);
    std::thread t([tx = std::move(tx)]() mutable {
        for (int i = 1; i <= 2000; ++i) EXPECT_TRUE(tx.send(i));
    });
    int last = rt.block_on([](watch::receiver<int> rx) -> rt::task<int> {
        int last = 0;
        while (co_await rx.changed()) {
            int v = *rx.borrow_and_update();
            EXPECT_GT(v, last);  // versions only move forward
            last = v;
        }
        co_return last;
    }(std::move(rx)));
    t.join();
    EXPECT_EQ(last, 2000);
}

}  // namespace
