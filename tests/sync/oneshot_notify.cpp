// tests/sync/oneshot_notify.cpp — oneshot (send consumes, closed(), errors when either side goes)
// and notify (stored permit, notify_waiters wakes only current waiters, a dropped notification is
// passed on).
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace oneshot = rt::sync::oneshot;
using rt::sync::notify;
using sync_test::spawn_mock;

TEST(oneshot, value_sent_before_await_is_received) {
    auto [tx, rx] = oneshot::channel<int>();
    ASSERT_TRUE(std::move(tx).send(3));
    auto m = spawn_mock(std::move(rx));
    EXPECT_EQ(m.poll().take(), std::optional<int>(3));
}

TEST(oneshot, send_wakes_the_waiting_receiver) {
    auto [tx, rx] = oneshot::channel<std::string>();
    auto m = spawn_mock(std::move(rx));
    EXPECT_TRUE(m.poll().is_pending());
    ASSERT_TRUE(std::move(tx).send("v"));
    EXPECT_TRUE(m.is_woken());
    EXPECT_EQ(m.poll().take(), std::optional<std::string>("v"));
}

TEST(oneshot, dropping_the_sender_wakes_the_receiver_with_empty) {
    auto [tx, rx] = oneshot::channel<int>();
    auto m = spawn_mock(std::move(rx));
    EXPECT_TRUE(m.poll().is_pending());
    { auto gone = std::move(tx); }
    EXPECT_TRUE(m.is_woken());
    auto r = m.poll();
    ASSERT_TRUE(r.is_ready());
    EXPECT_FALSE(r.take().has_value());
}

TEST(oneshot, dropping_the_receiver_resolves_closed_and_send_returns_the_value) {
    auto [tx, rx] = oneshot::channel<int>();
    auto c = spawn_mock(tx.closed());
    EXPECT_TRUE(c.poll().is_pending());
    EXPECT_FALSE(tx.is_closed());
    { auto gone = std::move(rx); }
    EXPECT_TRUE(c.is_woken());
    EXPECT_TRUE(c.poll().is_ready());
    c.reset();
    auto r = std::move(tx).send(9);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().value, 9);
}

TEST(oneshot, after_close_a_value_already_sent_is_still_received_then_disconnected) {
    auto [tx, rx] = oneshot::channel<int>();
    ASSERT_TRUE(std::move(tx).send(1));
    rx.close();
    EXPECT_EQ(rx.try_recv().value(), 1);
    EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::disconnected);
}

TEST(oneshot, close_before_send_makes_send_fail) {
    auto [tx, rx] = oneshot::channel<int>();
    EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::empty);
    rx.close();
    EXPECT_TRUE(tx.is_closed());
    EXPECT_FALSE(std::move(tx).send(2));
    EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::disconnected);
}

TEST(oneshot, value_crosses_from_a_thread_to_a_task) {
    auto rt = rt_test::current_thread_runtime();
    auto [tx, rx] = oneshot::channel<int>();
    std::thread t([tx = std::move(tx)]() mutable { EXPECT_TRUE(std::move(tx).send(42)); });
    EXPECT_EQ(rt.block_on(std::move(rx)), std::optional<int>(42));
    t.join();
}

TEST(notify, notify_one_before_wait_stores_one_permit) {
    notify n;
    n.notify_one();
    n.notify_one();  // still one permit
    auto a = spawn_mock(n.notified());
    EXPECT_TRUE(a.poll().is_ready());
    auto b = spawn_mock(n.notified());
    EXPECT_TRUE(b.poll().is_pending());
}

TEST(notify, notify_one_wakes_waiters_in_fifo_order) {
    notify n;
    auto a = spawn_mock(n.notified());
    auto b = spawn_mock(n.notified());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    n.notify_one();
    EXPECT_TRUE(a.is_woken());
    EXPECT_FALSE(b.is_woken());
    EXPECT_TRUE(a.poll().is_ready());
    EXPECT_TRUE(b.poll().is_pending());
}

TEST(notify, notify_waiters_wakes_only_current_waiters_and_stores_nothing) {
    notify n;
    auto a = spawn_mock(n.notified());
    auto unpolled = spawn_mock(n.notified());  // created before: completed too
    EXPECT_TRUE(a.poll().is_pending());
    n.notify_waiters();
    EXPECT_TRUE(a.is_woken());
    EXPECT_TRUE(a.poll().is_ready());
    EXPECT_TRUE(unpolled.poll().is_ready());
    auto later = spawn_mock(n.notified());
    EXPECT_TRUE(later.poll().is_pending());
}

TEST(notify, notify_waiters_preserves_a_stored_notify_one_permit) {
    notify n;
    auto unpolled = spawn_mock(n.notified());
    n.notify_one();  // nobody waits: stored
    n.notify_waiters();
    EXPECT_TRUE(unpolled.poll().is_ready());  // completed by notify_waiters, not by the permit
    auto next = spawn_mock(n.notified());
    EXPECT_TRUE(next.poll().is_ready());  // the permit is still there
}

TEST(notify, a_dropped_notified_future_passes_its_notification_on) {
    notify n;
    auto a = spawn_mock(n.notified());
    auto b = spawn_mock(n.notified());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    n.notify_one();
    EXPECT_TRUE(a.is_woken());
    a.reset();  // received it but never returned it
    EXPECT_TRUE(b.is_woken());
    EXPECT_TRUE(b.poll().is_ready());
}

TEST(notify, wakes_a_task_from_another_thread) {
    auto rt = rt_test::current_thread_runtime();
    auto n = std::make_shared<notify>();
    std::thread t([n] { n->notify_one(); });
    rt.block_on([](std::shared_ptr<notify> n) -> rt::task<void> { co_await n->notified(); }(n));
    t.join();
}

}  // namespace
