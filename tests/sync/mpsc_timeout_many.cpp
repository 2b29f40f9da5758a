// tests/sync/mpsc_timeout_many.cpp — mpsc sender::send_timeout on the paused clock (times out when
// full, succeeds when a slot frees in time, hands the value back when closed, leaves the slot queue
// on timeout) and receiver::recv_many (waits for one, takes up to the limit, 0 only when closed and
// drained or limit 0, returns slots to waiting senders, cancel safe).
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace mpsc = rt::sync::mpsc;
using namespace std::chrono_literals;
using rt::time::instant;
using sync_test::spawn_mock;

rt::runtime paused_runtime() { return rt::runtime::builder().current_thread().start_paused(true).build(); }

TEST(mpsc_send_timeout, times_out_when_the_channel_stays_full_and_returns_the_value) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<std::string>(1);
        EXPECT_TRUE(tx.try_send("first"));
        const instant start = instant::now();
        auto f = tx.send_timeout("second", 50ms);
        auto r = co_await f;
        const auto waited = instant::now() - start;
        EXPECT_FALSE(r);
        EXPECT_TRUE(r.error().is_timeout());
        EXPECT_EQ(r.error().value, "second");
        EXPECT_GE(waited, 50ms);
        EXPECT_LT(waited, 52ms);  // the wheel's 1 ms tick, never early
        EXPECT_EQ(rx.try_recv().value(), "first");
        EXPECT_EQ(rx.try_recv().error(), rt::sync::try_recv_error::empty);  // the value was not queued
        EXPECT_EQ(tx.capacity(), 1u);
    }());
}

TEST(mpsc_send_timeout, succeeds_when_a_slot_frees_before_the_deadline) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(1);
        EXPECT_TRUE(tx.try_send(1));
        auto consumer = rt::spawn([](mpsc::receiver<int> rx) -> rt::task<std::vector<int>> {
            auto nap = rt::time::sleep(10ms);
            co_await nap;
            std::vector<int> got;
            while (auto v = co_await rx.recv()) got.push_back(*v);
            co_return got;
        }, std::move(rx));
        const instant start = instant::now();
        auto f = tx.send_timeout(2, 50ms);
        auto r = co_await f;
        EXPECT_TRUE(r);
        const auto waited = instant::now() - start;
        EXPECT_GE(waited, 10ms);
        EXPECT_LT(waited, 50ms);
        { auto gone = std::move(tx); }
        const std::vector<int> got = co_await consumer;
        EXPECT_EQ(got, (std::vector<int>{1, 2}));
    }());
}

TEST(mpsc_send_timeout, ready_send_completes_at_once_without_waiting) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(2);
        const instant start = instant::now();
        auto f = tx.send_timeout(7, 0ms);  // even a zero timeout: the slot is free
        auto r = co_await f;
        EXPECT_TRUE(r);
        EXPECT_EQ(instant::now(), start);
        EXPECT_EQ(rx.try_recv().value(), 7);
    }());
}

TEST(mpsc_send_timeout, returns_the_value_when_the_receiver_closes_while_waiting) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<std::string>(1);
        EXPECT_TRUE(tx.try_send("queued"));
        auto closer = rt::spawn([](mpsc::receiver<std::string> rx) -> rt::task<void> {
            auto nap = rt::time::sleep(10ms);
            co_await nap;
            rx.close();
        }, std::move(rx));
        const instant start = instant::now();
        auto f = tx.send_timeout("mine", 1s);
        auto r = co_await f;
        EXPECT_FALSE(r);
        EXPECT_TRUE(r.error().is_closed());
        EXPECT_EQ(r.error().value, "mine");
        EXPECT_LT(instant::now() - start, 1s);
        co_await closer;
        // a receiver that is already gone fails at once, value included
        auto again = tx.send_timeout("late", 1s);
        auto r2 = co_await again;
        EXPECT_TRUE(!r2 && r2.error().is_closed() && r2.error().value == "late");
    }());
}

TEST(mpsc_send_timeout, a_timed_out_sender_leaves_the_queue_so_the_next_sender_gets_the_slot) {
    auto rt = paused_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [tx, rx] = mpsc::channel<int>(1);
        EXPECT_TRUE(tx.try_send(0));
        auto first = tx.send_timeout(1, 10ms);  // first in the slot queue
        auto second = rt::spawn([](mpsc::sender<int> tx) -> rt::task<bool> {
            auto f = tx.send(2);
            auto r = co_await f;
            co_return static_cast<bool>(r);
        }, tx);
        auto r = co_await first;
        EXPECT_TRUE(!r && r.error().is_timeout() && r.error().value == 1);
        EXPECT_EQ(rx.try_recv().value(), 0);  // frees the slot: it must go to `second`
        const bool second_sent = co_await second;
        EXPECT_TRUE(second_sent);
        EXPECT_EQ(rx.try_recv().value(), 2);
    }());
}

TEST(mpsc_recv_many, waits_for_one_value_then_takes_up_to_the_limit) {
    auto [tx, rx] = mpsc::channel<int>(8);
    std::vector<int> buf{-1};
    auto r = spawn_mock(rx.recv_many(buf, 3));
    EXPECT_TRUE(r.poll().is_pending());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(tx.try_send(i));
    EXPECT_TRUE(r.is_woken());
    EXPECT_EQ(r.poll().take(), 3u);
    EXPECT_EQ(buf, (std::vector<int>{-1, 0, 1, 2}));  // appended, never cleared
    auto r2 = spawn_mock(rx.recv_many(buf, 10));
    EXPECT_EQ(r2.poll().take(), 2u);
    EXPECT_EQ(buf, (std::vector<int>{-1, 0, 1, 2, 3, 4}));
    EXPECT_EQ(tx.capacity(), 8u);  // every slot came back
}

TEST(mpsc_recv_many, limit_zero_returns_zero_at_once) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    ASSERT_TRUE(tx.send(1));
    std::vector<int> buf;
    auto r = spawn_mock(rx.recv_many(buf, 0));
    EXPECT_EQ(r.poll().take(), 0u);
    EXPECT_TRUE(buf.empty());
    EXPECT_EQ(rx.len(), 1u);
}

TEST(mpsc_recv_many, returns_zero_only_once_closed_and_drained) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    ASSERT_TRUE(tx.send(1));
    ASSERT_TRUE(tx.send(2));
    { auto gone = std::move(tx); }
    std::vector<int> buf;
    auto r = spawn_mock(rx.recv_many(buf, 1));
    EXPECT_EQ(r.poll().take(), 1u);
    auto r2 = spawn_mock(rx.recv_many(buf, 5));
    EXPECT_EQ(r2.poll().take(), 1u);
    auto r3 = spawn_mock(rx.recv_many(buf, 5));
    EXPECT_EQ(r3.poll().take(), 0u);
    EXPECT_EQ(buf, (std::vector<int>{1, 2}));
}

TEST(mpsc_recv_many, closed_receiver_still_drains_values_sent_through_held_permits) {
    auto [tx, rx] = mpsc::channel<int>(2);
    auto p = spawn_mock(tx.reserve());
    auto permit = p.poll().take();
    ASSERT_TRUE(permit);
    rx.close();
    std::vector<int> buf;
    auto r = spawn_mock(rx.recv_many(buf, 4));
    EXPECT_TRUE(r.poll().is_pending());  // a reserved slot is still out
    std::move(*permit).send(9);
    EXPECT_TRUE(r.is_woken());
    EXPECT_EQ(r.poll().take(), 1u);
    auto r2 = spawn_mock(rx.recv_many(buf, 4));
    EXPECT_EQ(r2.poll().take(), 0u);
    EXPECT_EQ(buf, (std::vector<int>{9}));
}

TEST(mpsc_recv_many, freed_slots_wake_the_waiting_senders_in_order) {
    auto [tx, rx] = mpsc::channel<int>(2);
    ASSERT_TRUE(tx.try_send(0));
    ASSERT_TRUE(tx.try_send(1));
    auto s1 = spawn_mock(tx.send(2));
    auto s2 = spawn_mock(tx.send(3));
    EXPECT_TRUE(s1.poll().is_pending());
    EXPECT_TRUE(s2.poll().is_pending());
    std::vector<int> buf;
    auto r = spawn_mock(rx.recv_many(buf, 2));
    EXPECT_EQ(r.poll().take(), 2u);
    EXPECT_TRUE(s1.is_woken());
    EXPECT_TRUE(s2.is_woken());
    EXPECT_TRUE(s1.poll().is_ready());
    EXPECT_TRUE(s2.poll().is_ready());
    auto r2 = spawn_mock(rx.recv_many(buf, 2));
    EXPECT_EQ(r2.poll().take(), 2u);
    EXPECT_EQ(buf, (std::vector<int>{0, 1, 2, 3}));
}

TEST(mpsc_recv_many, a_cancelled_recv_many_loses_no_value) {
    auto [tx, rx] = mpsc::channel<int>(4);
    std::vector<int> buf;
    auto r = spawn_mock(rx.recv_many(buf, 4));
    EXPECT_TRUE(r.poll().is_pending());
    ASSERT_TRUE(tx.try_send(1));
    EXPECT_TRUE(r.is_woken());
    r.reset();  // cancelled after the wake, before the poll that would take the value
    EXPECT_TRUE(buf.empty());
    EXPECT_EQ(rx.try_recv().value(), 1);
}

constexpr int producers = 4;
constexpr int per_producer = 5000;

TEST(mpsc_recv_many, counts_are_exact_with_producers_on_two_workers) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    auto total = rt.block_on([]() -> rt::task<long long> {
        auto [tx, rx] = mpsc::channel<int>(16);
        for (int p = 0; p < producers; ++p) {
            auto h = rt::spawn([](mpsc::sender<int> tx) -> rt::task<void> {
                for (int i = 1; i <= per_producer; ++i) {
                    auto f = tx.send(i);
                    auto r = co_await f;
                    EXPECT_TRUE(r);
                }
            }, tx);
            (void)h;
        }
        { auto gone = std::move(tx); }
        long long sum = 0;
        std::size_t count = 0;
        std::vector<int> buf;
        for (;;) {
            buf.clear();
            auto f = rx.recv_many(buf, 7);
            const std::size_t n = co_await f;
            if (n == 0) break;
            EXPECT_LE(n, 7u);
            EXPECT_EQ(buf.size(), n);
            count += n;
            for (int v : buf) sum += v;
        }
        EXPECT_EQ(count, std::size_t{producers} * per_producer);
        co_return sum;
    }());
    EXPECT_EQ(total, 1LL * producers * per_producer * (per_producer + 1) / 2);
}

}  // namespace
