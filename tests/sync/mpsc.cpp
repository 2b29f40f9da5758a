// tests/sync/mpsc.cpp — mpsc channels: drain then empty after the senders go, bounded back-pressure
// in FIFO order, permits, close/drop from either side at every await point, cancelled recv and
// send lose nothing, weak senders, multi-producer counts with plain threads.
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace mpsc = rt::sync::mpsc;
using sync_test::spawn_mock;

TEST(mpsc, recv_after_all_senders_are_gone_drains_then_returns_empty) {
    auto [tx, rx] = mpsc::channel<int>(8);
    ASSERT_TRUE(tx.try_send(1));
    ASSERT_TRUE(tx.try_send(2));
    { auto gone = std::move(tx); }
    auto r = spawn_mock(rx.recv());
    EXPECT_EQ(r.poll().take(), std::optional<int>(1));
    auto r2 = spawn_mock(rx.recv());
    EXPECT_EQ(r2.poll().take(), std::optional<int>(2));
    auto r3 = spawn_mock(rx.recv());
    auto last = r3.poll();
    ASSERT_TRUE(last.is_ready());
    EXPECT_FALSE(last.take().has_value());
}

TEST(mpsc, dropping_the_last_sender_wakes_a_waiting_receiver) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    auto r = spawn_mock(rx.recv());
    EXPECT_TRUE(r.poll().is_pending());
    auto tx2 = tx;
    { auto gone = std::move(tx); }
    EXPECT_FALSE(r.is_woken());
    { auto gone = std::move(tx2); }
    EXPECT_TRUE(r.is_woken());
    auto v = r.poll();
    ASSERT_TRUE(v.is_ready());
    EXPECT_FALSE(v.take().has_value());
}

TEST(mpsc, bounded_send_blocks_at_capacity_and_resumes_in_order) {
    auto [tx, rx] = mpsc::channel<int>(1);
    ASSERT_TRUE(tx.try_send(0));
    auto full = tx.try_send(9);
    ASSERT_FALSE(full);
    EXPECT_TRUE(full.error().is_full());
    EXPECT_EQ(full.error().value, 9);
    auto s1 = spawn_mock(tx.send(1));
    auto s2 = spawn_mock(tx.send(2));
    EXPECT_TRUE(s1.poll().is_pending());
    EXPECT_TRUE(s2.poll().is_pending());
    EXPECT_EQ(rx.try_recv().value(), 0);
    EXPECT_TRUE(s1.is_woken());
    EXPECT_FALSE(s2.is_woken());
    EXPECT_TRUE(s1.poll().is_ready());
    EXPECT_EQ(rx.try_recv().value(), 1);
    EXPECT_TRUE(s2.is_woken());
    EXPECT_TRUE(s2.poll().is_ready());
    EXPECT_EQ(rx.try_recv().value(), 2);
    EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::empty);
}

TEST(mpsc, dropping_a_reserved_permit_frees_the_slot_and_wakes_one_reserver) {
    auto [tx, rx] = mpsc::channel<int>(1);
    auto p = spawn_mock(tx.reserve());
    auto first = p.poll();
    ASSERT_TRUE(first.is_ready());
    EXPECT_EQ(tx.capacity(), 0u);
    auto a = spawn_mock(tx.reserve());
    auto b = spawn_mock(tx.reserve());
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    { auto drop = std::move(first.value()); }  // the permit goes unused
    EXPECT_TRUE(a.is_woken());
    EXPECT_FALSE(b.is_woken());
    auto ra = a.poll();
    ASSERT_TRUE(ra.is_ready());
    std::move(*ra.value()).send(5);  // sending through the permit keeps the slot until recv
    EXPECT_FALSE(b.is_woken());
    EXPECT_EQ(rx.try_recv().value(), 5);
    EXPECT_TRUE(b.is_woken());
}

TEST(mpsc, close_fails_pending_reserves_but_a_held_permit_still_sends) {
    auto [tx, rx] = mpsc::channel<int>(1);
    auto held = tx.try_reserve();
    ASSERT_TRUE(held);
    auto waiting = spawn_mock(tx.reserve());
    EXPECT_TRUE(waiting.poll().is_pending());
    auto sending = spawn_mock(tx.send(7));
    EXPECT_TRUE(sending.poll().is_pending());
    rx.close();
    EXPECT_TRUE(waiting.is_woken());
    EXPECT_FALSE(waiting.poll().take());
    auto s = sending.poll();
    ASSERT_TRUE(s.is_ready());
    auto err = s.take();
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().value, 7);  // the value comes back
    EXPECT_TRUE(tx.try_send(8).error().is_closed());
    // recv is not "closed" while a permit is outstanding.
    auto r = spawn_mock(rx.recv());
    EXPECT_TRUE(r.poll().is_pending());
    std::move(*held).send(3);
    EXPECT_TRUE(r.is_woken());
    EXPECT_EQ(r.poll().take(), std::optional<int>(3));
    auto r2 = spawn_mock(rx.recv());
    auto end = r2.poll();
    ASSERT_TRUE(end.is_ready());
    EXPECT_FALSE(end.take());
}

TEST(mpsc, after_close_recv_returns_empty_only_once_outstanding_permits_are_dropped) {
    auto [tx, rx] = mpsc::channel<int>(2);
    auto permit = tx.try_reserve();
    rx.close();
    auto r = spawn_mock(rx.recv());
    EXPECT_TRUE(r.poll().is_pending());
    permit = rt::sync::try_acquire_error::closed;  // drop the permit unused
    EXPECT_TRUE(r.is_woken());
    auto end = r.poll();
    ASSERT_TRUE(end.is_ready());
    EXPECT_FALSE(end.take());
}

TEST(mpsc, an_owned_permit_keeps_the_channel_open_without_senders) {
    auto [tx, rx] = mpsc::channel<int>(1);
    auto fut = spawn_mock(std::move(tx).reserve_owned());
    auto p = fut.poll();
    ASSERT_TRUE(p.is_ready());
    EXPECT_FALSE(rx.is_closed());
    auto r = spawn_mock(rx.recv());
    EXPECT_TRUE(r.poll().is_pending());
    auto tx_back = std::move(*p.value()).send(4);
    EXPECT_EQ(r.poll().take(), std::optional<int>(4));
    { auto gone = std::move(tx_back); }
    EXPECT_TRUE(rx.is_closed());
}

TEST(mpsc, dropping_the_receiver_fails_senders_and_destroys_buffered_values_once) {
    std::atomic<int> drops{0};
    auto [tx, rx] = mpsc::channel<rt_test::drop_counter>(4);
    ASSERT_TRUE(tx.try_send(rt_test::drop_counter(drops)));
    ASSERT_TRUE(tx.try_send(rt_test::drop_counter(drops)));
    auto closed = spawn_mock(tx.closed());
    EXPECT_TRUE(closed.poll().is_pending());
    { auto gone = std::move(rx); }
    EXPECT_EQ(drops.load(), 2);
    EXPECT_TRUE(closed.is_woken());
    EXPECT_TRUE(closed.poll().is_ready());
    EXPECT_TRUE(tx.is_closed());
    auto res = tx.try_send(rt_test::drop_counter(drops));
    ASSERT_FALSE(res);
    EXPECT_TRUE(res.error().is_closed());
    auto rs = spawn_mock(tx.reserve());
    EXPECT_FALSE(rs.poll().take());
}

TEST(mpsc, closing_wakes_every_closed_waiter_even_more_than_one_wake_batch) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    using closed_mock = sync_test::mock<decltype(tx.closed())>;  // the future type is not exported
    std::vector<std::unique_ptr<closed_mock>> waiters;
    for (int i = 0; i < 100; ++i) {  // wakes are batched 32 at a time outside the lock
        waiters.push_back(std::make_unique<closed_mock>(tx.closed()));
        EXPECT_TRUE(waiters.back()->poll().is_pending());
    }
    rx.close();
    for (auto& w : waiters) {
        EXPECT_TRUE(w->is_woken());
        EXPECT_TRUE(w->poll().is_ready());
    }
}

TEST(mpsc, dropping_the_receiver_wakes_pending_senders_and_reservers_with_their_values) {
    auto [tx, rx] = mpsc::channel<std::string>(1);
    ASSERT_TRUE(tx.try_send("queued"));
    auto s = spawn_mock(tx.send("waiting"));
    auto r = spawn_mock(tx.reserve());
    EXPECT_TRUE(s.poll().is_pending());
    EXPECT_TRUE(r.poll().is_pending());
    { auto gone = std::move(rx); }
    EXPECT_TRUE(s.is_woken());
    EXPECT_TRUE(r.is_woken());
    auto sent = s.poll().take();
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().value, "waiting");
    EXPECT_FALSE(r.poll().take());
}

TEST(mpsc, cancelled_recv_loses_no_message) {
    auto [tx, rx] = mpsc::channel<int>(4);
    auto r = spawn_mock(rx.recv());
    EXPECT_TRUE(r.poll().is_pending());
    ASSERT_TRUE(tx.try_send(11));
    EXPECT_TRUE(r.is_woken());
    r.reset();  // cancelled after the wake, before the poll
    EXPECT_EQ(rx.try_recv().value(), 11);
}

TEST(mpsc, cancelled_send_gives_its_slot_to_the_next_sender) {
    auto [tx, rx] = mpsc::channel<int>(1);
    ASSERT_TRUE(tx.try_send(0));
    auto a = spawn_mock(tx.send(1));
    auto b = spawn_mock(tx.send(2));
    EXPECT_TRUE(a.poll().is_pending());
    EXPECT_TRUE(b.poll().is_pending());
    EXPECT_EQ(rx.try_recv().value(), 0);  // the slot goes to a
    a.reset();                             // a is cancelled after being handed the slot
    EXPECT_TRUE(b.is_woken());
    EXPECT_TRUE(b.poll().is_ready());
    EXPECT_EQ(rx.try_recv().value(), 2);
}

TEST(mpsc, weak_sender_upgrades_only_while_a_strong_sender_lives) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    auto weak = tx.downgrade();
    {
        auto strong = weak.upgrade();
        ASSERT_TRUE(strong);
        ASSERT_TRUE(strong->send(1));
    }
    { auto gone = std::move(tx); }
    EXPECT_FALSE(weak.upgrade());
    EXPECT_EQ(rx.try_recv().value(), 1);
    EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::disconnected);
}

TEST(mpsc, unbounded_send_fails_with_the_value_after_close) {
    auto [tx, rx] = mpsc::unbounded_channel<std::string>();
    rx.close();
    auto r = tx.send("x");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().value, "x");
}

TEST(mpsc, producer_and_consumer_tasks_exchange_every_value_in_order) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(4);
        auto producer = rt::spawn([](mpsc::sender<int> tx) -> rt::task<void> {
            for (int i = 0; i < 1000; ++i) EXPECT_TRUE(co_await tx.send(i));
        }, std::move(tx));
        int expect = 0;
        while (auto v = co_await rx.recv()) EXPECT_EQ(*v, expect++);
        EXPECT_EQ(expect, 1000);
        co_await producer;
    }());
}

TEST(mpsc, aborting_a_task_blocked_in_recv_loses_no_message) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(4);
        auto shared_rx = std::make_shared<mpsc::receiver<int>>(std::move(rx));
        auto h = rt::spawn([](std::shared_ptr<mpsc::receiver<int>> rx) -> rt::task<void> {
            auto v = co_await rx->recv();
            ADD_FAILURE() << "aborted receiver got " << v.value_or(-1);
        }, shared_rx);
        co_await rt::yield_now();
        h.abort();
        EXPECT_TRUE(tx.try_send(5));  // lands while the aborted task is queued for cancellation
        EXPECT_THROW(co_await h, rt::cancelled_error);
        EXPECT_EQ(co_await shared_rx->recv(), std::optional<int>(5));
    }());
}

TEST(mpsc, four_producer_threads_blocking_send_to_one_task_counts_exactly) {
    auto rt = rt_test::current_thread_runtime();
    auto [tx, rx] = mpsc::channel<std::uint64_t>(16);
    constexpr std::uint64_t per = 5000;
    std::vector<std::thread> threads;
    for (std::uint64_t t = 0; t < 4; ++t) {
        threads.emplace_back([tx = tx, t] () mutable {
            for (std::uint64_t i = 0; i < per; ++i) ASSERT_TRUE(tx.blocking_send(t * per + i));
        });
    }
    { auto gone = std::move(tx); }
    auto [count, sum] = rt.block_on([](mpsc::receiver<std::uint64_t> rx) -> rt::task<std::pair<std::uint64_t, std::uint64_t>> {
        std::uint64_t count = 0, sum = 0;
        std::vector<std::uint64_t> last(4, 0);
        while (auto v = co_await rx.recv()) {
            ++count;
            sum += *v;
            const std::uint64_t t = *v / per;
            EXPECT_TRUE(last[t] == 0 || *v > last[t]);  // per-producer order is kept
            last[t] = *v;
        }
        co_return std::pair{count, sum};
    }(std::move(rx)));
    for (auto& t : threads) t.join();
    EXPECT_EQ(count, 4 * per);
    EXPECT_EQ(sum, (4 * per) * (4 * per - 1) / 2);
}

TEST(mpsc, blocking_recv_on_a_thread_receives_from_a_task) {
    auto rt = rt_test::current_thread_runtime();
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    std::thread consumer([rx = std::move(rx)]() mutable {
        long sum = 0;
        while (auto v = rx.blocking_recv()) sum += *v;
        EXPECT_EQ(sum, 4950);
    });
    rt.block_on([](mpsc::unbounded_sender<int> tx) -> rt::task<void> {
        for (int i = 0; i < 100; ++i) {
            EXPECT_TRUE(tx.send(i));
            co_await rt::yield_now();
        }
    }(std::move(tx)));
    consumer.join();
}

TEST(mpsc, blocking_calls_inside_a_runtime_throw) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(1);
        EXPECT_THROW((void)tx.blocking_send(1), rt::usage_error);
        EXPECT_THROW((void)rx.blocking_recv(), rt::usage_error);
        co_return;
    }());
}

}  // namespace
