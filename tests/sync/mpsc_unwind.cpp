// tests/sync/mpsc_unwind.cpp — issue #14 item 6: a send whose value's move (or node allocation)
// throws gives its slot back on every route (send, try_send, send_timeout, permit::send,
// owned_permit::send), the unbounded channel is unchanged by a throwing send, and no user code
// (T's moves and destructor, waker drops) runs under the channel's lock: code that re-enters the
// channel from there would spin forever on the lock before the fix.
#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace mpsc = rt::sync::mpsc;
using sync_test::spawn_mock;

struct move_failed : std::runtime_error {
    move_failed() : std::runtime_error("move failed") {}
};

/// A value whose move constructor throws while `armed` is set.
struct throwing_move {
    static inline bool armed = false;
    int v = 0;
    explicit throwing_move(int x) : v(x) {}
    throwing_move(throwing_move&& o) : v(o.v) {
        if (armed) throw move_failed();
    }
    throwing_move& operator=(throwing_move&& o) {
        if (armed) throw move_failed();
        v = o.v;
        return *this;
    }
};

struct armed_scope {
    armed_scope() { throwing_move::armed = true; }
    ~armed_scope() { throwing_move::armed = false; }
};

/// After a failed send on a capacity-1 channel: the slot is free again and the channel works.
void expect_capacity_back(mpsc::sender<throwing_move>& tx, mpsc::receiver<throwing_move>& rx) {
    EXPECT_EQ(tx.capacity(), 1u);
    ASSERT_TRUE(tx.try_send(throwing_move(7)));
    auto v = rx.try_recv();
    ASSERT_TRUE(v);
    EXPECT_EQ(v->v, 7);
    EXPECT_EQ(tx.capacity(), 1u);
}

// Issue #14 item 6, route try_send.
TEST(mpsc_unwind, try_send_whose_move_throws_gives_the_slot_back) {
    auto [tx, rx] = mpsc::channel<throwing_move>(1);
    {
        armed_scope armed;
        EXPECT_THROW((void)tx.try_send(throwing_move(1)), move_failed);
    }
    expect_capacity_back(tx, rx);
}

// Issue #14 item 6, route send (the future's poll moves the value into the queue).
TEST(mpsc_unwind, send_whose_move_throws_gives_the_slot_back) {
    auto [tx, rx] = mpsc::channel<throwing_move>(1);
    {
        auto s = spawn_mock(tx.send(throwing_move(1)));
        armed_scope armed;
        EXPECT_THROW((void)s.poll(), move_failed);
    }
    expect_capacity_back(tx, rx);
}

// Issue #14 item 6, route send_timeout (same push as send).
TEST(mpsc_unwind, send_timeout_whose_move_throws_gives_the_slot_back) {
    auto [tx, rx] = mpsc::channel<throwing_move>(1);
    {
        auto s = spawn_mock(tx.send_timeout(throwing_move(1), std::chrono::seconds(1)));
        armed_scope armed;
        EXPECT_THROW((void)s.poll(), move_failed);
    }
    expect_capacity_back(tx, rx);
}

// Issue #14 item 6, route permit::send: the permit keeps its slot and frees it when destroyed.
TEST(mpsc_unwind, permit_send_whose_move_throws_gives_the_slot_back) {
    auto [tx, rx] = mpsc::channel<throwing_move>(1);
    {
        auto p = tx.try_reserve();
        ASSERT_TRUE(p);
        EXPECT_EQ(tx.capacity(), 0u);
        armed_scope armed;
        EXPECT_THROW(std::move(*p).send(throwing_move(1)), move_failed);
    }
    expect_capacity_back(tx, rx);
}

// Issue #14 item 6, route owned_permit::send.
TEST(mpsc_unwind, owned_permit_send_whose_move_throws_gives_the_slot_back) {
    auto [tx, rx] = mpsc::channel<throwing_move>(1);
    {
        auto r = spawn_mock(mpsc::sender<throwing_move>(tx).reserve_owned());
        auto got = r.poll();
        ASSERT_TRUE(got.is_ready());
        auto p = got.take();
        ASSERT_TRUE(p);
        EXPECT_EQ(tx.capacity(), 0u);
        armed_scope armed;
        EXPECT_THROW((void)std::move(*p).send(throwing_move(1)), move_failed);
    }
    expect_capacity_back(tx, rx);
}

// Issue #14 item 6, unbounded: a throwing send queues nothing and leaves the channel usable.
TEST(mpsc_unwind, unbounded_send_whose_move_throws_changes_nothing) {
    auto [tx, rx] = mpsc::unbounded_channel<throwing_move>();
    ASSERT_TRUE(tx.send(throwing_move(1)));
    {
        armed_scope armed;
        EXPECT_THROW((void)tx.send(throwing_move(2)), move_failed);
    }
    EXPECT_EQ(rx.len(), 1u);
    ASSERT_TRUE(tx.send(throwing_move(3)));
    EXPECT_EQ(rx.try_recv()->v, 1);
    EXPECT_EQ(rx.try_recv()->v, 3);
    EXPECT_FALSE(rx.try_recv());
}

/// A value whose move constructor and destructor call into the channel (through its len()), which
/// takes the channel's lock: under that lock, this would spin forever.
struct reentrant {
    static inline mpsc::receiver<reentrant>* probe = nullptr;
    static inline int calls = 0;
    int v = 0;
    explicit reentrant(int x) : v(x) {}
    reentrant(reentrant&& o) noexcept : v(o.v) { touch(); }
    reentrant& operator=(reentrant&& o) noexcept {
        v = o.v;
        touch();
        return *this;
    }
    ~reentrant() { touch(); }
    static void touch() {
        if (probe) {
            (void)probe->len();
            ++calls;
        }
    }
};

// Issue #14 item 6: T's moves (send, recv, recv_many) and destructor (recv, receiver drop) run
// outside the channel's lock, on the bounded and the unbounded channel.
TEST(mpsc_unwind, value_moves_and_destructors_run_outside_the_lock) {
    {
        auto [tx, rx] = mpsc::channel<reentrant>(4);
        reentrant::probe = &rx;
        reentrant::calls = 0;
        ASSERT_TRUE(tx.try_send(reentrant(1)));
        ASSERT_TRUE(tx.try_send(reentrant(2)));
        ASSERT_TRUE(tx.try_send(reentrant(3)));
        auto r = spawn_mock(rx.recv());
        auto v = r.poll();
        ASSERT_TRUE(v.is_ready());
        EXPECT_EQ(v.take()->v, 1);
        std::vector<reentrant> many;
        auto m = spawn_mock(rx.recv_many(many, 2));
        auto n = m.poll();
        ASSERT_TRUE(n.is_ready());
        EXPECT_EQ(n.take(), 2u);
        EXPECT_GT(reentrant::calls, 0);
        reentrant::probe = nullptr;
    }
    {
        auto [tx, rx] = mpsc::unbounded_channel<reentrant>();
        reentrant::probe = &rx;
        ASSERT_TRUE(tx.send(reentrant(1)));
        std::optional<reentrant> got;
        {
            auto v = rx.try_recv();
            ASSERT_TRUE(v);
        }
        reentrant::probe = nullptr;
    }
}

/// A waker whose drop calls into the channel (is_closed takes its lock).
struct reentrant_waker {
    static inline mpsc::sender<int>* probe = nullptr;
    static inline int drops = 0;
    static void clone(const void*) {}
    static void wake(const void* p) { drop(p); }
    static void wake_by_ref(const void*) {}
    static void drop(const void*) {
        if (probe) (void)probe->is_closed();
        ++drops;
    }
    static constexpr rt::waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
};

// Issue #14 item 6: a receiver's waker replaced by a poll with another waker, or dropped when the
// receiver goes, is dropped after the channel's lock is released; a sender's closed() likewise.
TEST(mpsc_unwind, wakers_are_dropped_outside_the_lock) {
    auto [tx, rx] = mpsc::channel<int>(1);
    reentrant_waker::probe = &tx;
    reentrant_waker::drops = 0;
    int a = 0, b = 0;
    const rt::waker wa(&a, &reentrant_waker::vtable);
    const rt::waker wb(&b, &reentrant_waker::vtable);
    auto recv = rx.recv();
    {
        rt::context cx(wa);
        EXPECT_TRUE(recv.poll(cx).is_pending());
    }
    {
        rt::context cx(wb);
        EXPECT_TRUE(recv.poll(cx).is_pending());  // the clone of wa is dropped here
    }
    EXPECT_GE(reentrant_waker::drops, 1);
    auto closed = tx.closed();
    {
        rt::context cx(wa);
        EXPECT_TRUE(closed.poll(cx).is_pending());
    }
    {
        rt::context cx(wb);
        EXPECT_TRUE(closed.poll(cx).is_pending());  // replaces the closed() waker
    }
    const int before = reentrant_waker::drops;
    { auto gone = std::move(rx); }  // drops the receiver's waker, wakes closed()
    EXPECT_GT(reentrant_waker::drops, before);
    reentrant_waker::probe = nullptr;
}

}  // namespace
