// tests/sync/oneshot_races.cpp — the lock-free oneshot under races between its two halves on two
// threads (send vs receiver drop, send vs close, sender drop vs await, closed() vs receiver drop):
// every value is destroyed exactly once and each race has exactly one of its two outcomes. Also
// the misuse errors and the "closed, nothing sent" outcome of an await.
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace oneshot = rt::sync::oneshot;
using sync_test::spawn_mock;

/// A value that counts how many of its kind are alive.
struct counted {
    static inline std::atomic<int> alive{0};
    int v;
    explicit counted(int x) : v(x) { alive.fetch_add(1); }
    counted(counted&& o) noexcept : v(o.v) { alive.fetch_add(1); }
    counted(const counted&) = delete;
    ~counted() { alive.fetch_sub(1); }
};

/// Runs a and b on two threads released together, `rounds` times.
template <class Setup, class A, class B, class Check>
void race(int rounds, Setup setup, A a, B b, Check check) {
    for (int i = 0; i < rounds; ++i) {
        auto st = setup(i);
        std::barrier go(2);
        std::thread t([&] {
            go.arrive_and_wait();
            b(st);
        });
        go.arrive_and_wait();
        a(st);
        t.join();
        check(st);
    }
}

constexpr int rounds = 2000;

TEST(oneshot_races, send_racing_receiver_drop_destroys_the_value_exactly_once) {
    race(
        rounds, [](int) { return oneshot::channel<counted>(); },
        [&](auto& ch) {
            auto r = std::move(ch.first).send(counted(7));
            if (!r) {
                EXPECT_EQ(r.error().value.v, 7);  // handed back intact
            }
        },
        [](auto& ch) { auto gone = std::move(ch.second); },
        [](auto&) { EXPECT_EQ(counted::alive.load(), 0); });
    EXPECT_EQ(counted::alive.load(), 0);
}

TEST(oneshot_races, send_racing_close_is_received_exactly_when_it_succeeded) {
    struct st {
        std::pair<oneshot::sender<int>, oneshot::receiver<int>> ch = oneshot::channel<int>();
        bool send_ok = false;
        std::optional<int> got;
    };
    race(
        rounds, [](int) { return std::make_unique<st>(); },
        [](auto& s) { s->send_ok = static_cast<bool>(std::move(s->ch.first).send(5)); },
        [](auto& s) {
            s->ch.second.close();
            // After close nothing new can arrive: once the sender is done, this is final.
        },
        [](auto& s) {
            auto r = s->ch.second.try_recv();
            if (r) s->got = r.value();
            EXPECT_EQ(s->send_ok, s->got.has_value());
            EXPECT_EQ(s->ch.second.try_recv().error(), rt::sync::try_recv_error::disconnected);
        });
}

TEST(oneshot_races, sender_drop_racing_an_awaiting_task_wakes_it_with_empty) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    constexpr int n = 2000;
    std::vector<oneshot::sender<int>> senders;
    std::vector<rt::join_handle<std::optional<int>>> handles;
    for (int i = 0; i < n; ++i) {
        auto [tx, rx] = oneshot::channel<int>();
        senders.push_back(std::move(tx));
        handles.push_back(rt.spawn(std::move(rx)));
    }
    // Half are sent a value, half dropped, from this thread while the workers poll the receivers.
    for (int i = 0; i < n; ++i) {
        if (i % 2 == 0) {
            EXPECT_TRUE(std::move(senders[i]).send(i));
        } else {
            auto gone = std::move(senders[i]);
        }
    }
    int values = 0, empties = 0;
    for (int i = 0; i < n; ++i) {
        std::optional<int> got = rt.block_on(std::move(handles[i]));
        if (got) {
            EXPECT_EQ(*got, i);
            ++values;
        } else {
            EXPECT_EQ(i % 2, 1);
            ++empties;
        }
    }
    EXPECT_EQ(values, n / 2);
    EXPECT_EQ(empties, n / 2);
}

TEST(oneshot_races, closed_future_is_woken_by_a_receiver_dropped_on_another_thread) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    for (int i = 0; i < 200; ++i) {
        auto [tx, rx] = oneshot::channel<int>();
        auto waiter = rt.spawn([](oneshot::sender<int> tx) -> rt::task<bool> {
            co_await tx.closed();
            co_return tx.is_closed();
        }, std::move(tx));
        std::thread t([rx = std::move(rx)]() mutable { auto gone = std::move(rx); });
        EXPECT_TRUE(rt.block_on(std::move(waiter)));
        t.join();
    }
}

TEST(oneshot_races, a_value_never_received_is_destroyed_when_the_receiver_goes) {
    {
        auto [tx, rx] = oneshot::channel<counted>();
        ASSERT_TRUE(std::move(tx).send(counted(1)));
        EXPECT_EQ(counted::alive.load(), 1);
    }
    EXPECT_EQ(counted::alive.load(), 0);
}

TEST(oneshot_races, awaiting_a_closed_receiver_with_nothing_sent_is_empty_at_once) {
    auto [tx, rx] = oneshot::channel<int>();
    rx.close();
    auto m = spawn_mock(std::move(rx));
    auto r = m.poll();
    ASSERT_TRUE(r.is_ready());
    EXPECT_FALSE(r.take().has_value());
    EXPECT_FALSE(std::move(tx).send(1));
}

TEST(oneshot_races, polling_a_completed_or_moved_from_receiver_is_a_usage_error) {
    auto [tx, rx] = oneshot::channel<int>();
    ASSERT_TRUE(std::move(tx).send(3));
    sync_test::counting_waker w;
    rt::context cx(w.waker());
    EXPECT_EQ(rx.poll(cx).take(), std::optional<int>(3));
    EXPECT_THROW((void)rx.poll(cx), rt::usage_error);
    auto moved = std::move(rx);
    EXPECT_THROW((void)rx.poll(cx), rt::usage_error);  // NOLINT(bugprone-use-after-move): the misuse under test
    EXPECT_THROW((void)std::move(tx).send(4), rt::usage_error);  // NOLINT(bugprone-use-after-move)
}

TEST(oneshot_races, each_half_is_one_word) {
    EXPECT_EQ(sizeof(oneshot::sender<std::uint64_t>), sizeof(void*));
    EXPECT_EQ(sizeof(oneshot::receiver<std::uint64_t>), sizeof(void*));
}

}  // namespace
