// tests/net/shared_waiters.cpp — several futures waiting on one direction of one socket (issue #14
// item 3): two recv_from on a UDP socket, two accept on a listener, two readable() on a stream.
// Each waiter must be woken by the readiness it waits for, whatever the order of registration,
// and cancelling one waiter must leave the others registered.
//
// How the interleaving is forced: the test task polls each operation future by hand, once, with
// its own "tagged" waker (which counts its wakes and forwards them to the test task), so both are
// pending and registered before any data exists. Then the data is made to arrive and the task
// waits until *some* tagged waker fired: the reactor wakes every waiter of one event in the same
// set_readiness call, on this same thread (current-thread runtime), so when the task resumes all
// wakes of that event have happened. No sleeps, no retries.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

namespace {

using rt_test::bytes;
using rt_test::text;

/// A waker that counts its wakes and forwards each to the waker of whoever awaits it (the test
/// task), so the task can sleep until one of several hand-polled futures was woken.
class tagged_waker {
public:
    tagged_waker() : st_(new state), w_(st_, &vtable) {}
    tagged_waker(const tagged_waker&) = delete;
    ~tagged_waker() { unref(st_); }

    [[nodiscard]] int wakes() const { return st_->wakes.load(); }
    [[nodiscard]] const rt::waker& waker() const { return w_; }
    void forward_to(const rt::waker& w) {
        std::lock_guard lock(st_->mu);
        st_->forward = w;
    }

private:
    struct state {
        std::atomic<int> refs{2};  // this object's and w_'s
        std::atomic<int> wakes{0};
        std::mutex mu;
        rt::waker forward;
    };
    static state* s(const void* d) { return static_cast<state*>(const_cast<void*>(d)); }
    static void unref(state* st) {
        if (st->refs.fetch_sub(1) == 1) delete st;
    }
    static void on_wake(state* st) {
        st->wakes.fetch_add(1);
        rt::waker f;
        {
            std::lock_guard lock(st->mu);
            f = st->forward;
        }
        f.wake_by_ref();
    }
    static void clone_fn(const void* d) { s(d)->refs.fetch_add(1); }
    static void wake_fn(const void* d) {
        on_wake(s(d));
        unref(s(d));
    }
    static void wake_by_ref_fn(const void* d) { on_wake(s(d)); }
    static void drop_fn(const void* d) { unref(s(d)); }
    static constexpr rt::waker_vtable vtable{&clone_fn, &wake_fn, &wake_by_ref_fn, &drop_fn};

    state* st_;
    rt::waker w_;
};

/// Polls `f` once with `t`'s waker (forwarding to the awaiting task): true when it completed.
template <class F>
struct poll_tagged {
    F& f;
    tagged_waker& t;
    rt::poll_result<bool> poll(rt::context& cx) {
        t.forward_to(cx.waker());
        rt::context tcx(t.waker());
        return f.poll(tcx).is_ready();
    }
};
template <class F>
poll_tagged<F> poll_with(F& f, tagged_waker& t) {
    return {f, t};
}

/// Completes once the tagged wakers were woken more than `seen` times in total. The caller's guard
/// of 10 s turns a lost wake-up into a failure instead of a hang; a passing run never nears it.
struct any_woken_future {
    const std::vector<tagged_waker*>* ts;  // a pointer: no destructor in the awaited temporary
    int seen = 0;
    rt::poll_result<void> poll(rt::context& cx) {
        int total = 0;
        for (auto* t : *ts) {
            t->forward_to(cx.waker());
            total += t->wakes();
        }
        if (total > seen) return rt::ready();
        return rt::pending;
    }
};
/// The waiters to watch, kept in a named local: g++-12 destroys some temporaries of a co_await
/// expression twice (see docs/design-notes.md), so none with a destructor is awaited across.
template <class... T>
std::vector<tagged_waker*> waiters(T*... t) {
    return {t...};
}

int total_wakes(const std::vector<tagged_waker*>& ts) {
    int n = 0;
    for (auto* t : ts) n += t->wakes();
    return n;
}
/// Waits until the total wakes of `ts` exceed `seen` (taken before the event was triggered: the
/// event may wake them while the trigger itself is awaited).
rt::task<void> any_woken(const std::vector<tagged_waker*>& ts, int seen) {
    auto r = co_await rt::time::timeout(std::chrono::seconds(10), any_woken_future{&ts, seen});
    EXPECT_TRUE(r.has_value()) << "no waiter was woken: lost wake-up";
}

rt::task<std::pair<rt::net::udp_socket, rt::net::udp_socket>> udp_pair() {
    auto rx = co_await rt::net::udp_socket::bind("127.0.0.1:0");
    auto tx = co_await rt::net::udp_socket::bind("127.0.0.1:0");
    co_return std::pair{std::move(rx), std::move(tx)};
}

// Issue #14 item 3: the second recv_from used to overwrite the first's waker, so the first was
// never woken although a datagram was waiting for it.
TEST(shared_waiters, two_recv_from_on_one_udp_socket_are_both_woken_by_a_datagram) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [rx, tx] = co_await udp_pair();
        std::array<std::byte, 16> b1{}, b2{};
        auto f1 = rx.recv_from(b1);
        auto f2 = rx.recv_from(b2);
        tagged_waker t1, t2;
        const auto ws = waiters(&t1, &t2);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(f2, t2));

        const int seen = total_wakes(ws);
        co_await tx.send_to(bytes("one"), rx.local_addr());
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes(), 1);  // the first waiter: its wake was lost before the fix
        EXPECT_EQ(t2.wakes(), 1);

        // The first waiter takes the datagram; the second goes back to waiting, and the next
        // datagram is its.
        EXPECT_TRUE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(f2, t2));
        const int seen2 = total_wakes(ws);
        co_await tx.send_to(bytes("two"), rx.local_addr());
        co_await any_woken(ws, seen2);
        EXPECT_EQ(t2.wakes(), 2);
        EXPECT_TRUE(co_await poll_with(f2, t2));
        EXPECT_EQ(text(std::span(b1).first(3)), "one");
        EXPECT_EQ(text(std::span(b2).first(3)), "two");
    }());
}

// Issue #14 item 3, accept route: both pending accepts are woken by one incoming connection.
TEST(shared_waiters, two_accepts_on_one_listener_are_both_woken_by_a_connection) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto f1 = l.accept();
        auto f2 = l.accept();
        tagged_waker t1, t2;
        const auto ws = waiters(&t1, &t2);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(f2, t2));

        const int seen = total_wakes(ws);
        auto c1 = co_await rt::net::tcp_stream::connect(l.local_addr());
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes(), 1);
        EXPECT_EQ(t2.wakes(), 1);
        EXPECT_TRUE(co_await poll_with(f1, t1));   // the first waiter gets the connection
        EXPECT_FALSE(co_await poll_with(f2, t2));  // the second waits for the next one

        const int seen2 = total_wakes(ws);
        auto c2 = co_await rt::net::tcp_stream::connect(l.local_addr());
        co_await any_woken(ws, seen2);
        EXPECT_TRUE(co_await poll_with(f2, t2));
    }());
}

// Issue #14 item 3, readable() route: two readable() futures on one stream both complete when
// data arrives.
TEST(shared_waiters, two_readable_on_one_stream_are_both_woken_by_data) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto client = co_await rt::net::tcp_stream::connect(l.local_addr());
        auto [server, peer] = co_await l.accept();
        auto f1 = server.readable();
        auto f2 = server.readable();
        tagged_waker t1, t2;
        const auto ws = waiters(&t1, &t2);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(f2, t2));

        const int seen = total_wakes(ws);
        co_await client.write_all(std::string_view("x"));
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes(), 1);
        EXPECT_EQ(t2.wakes(), 1);
        EXPECT_TRUE(co_await poll_with(f1, t1));
        EXPECT_TRUE(co_await poll_with(f2, t2));
    }());
}

// Issue #14 item 3, cancellation: dropping the second waiter (as a select or timeout does) must
// not unregister the first. Before the fix the drop cleared the one shared slot.
TEST(shared_waiters, cancelling_the_second_waiter_leaves_the_first_registered) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [rx, tx] = co_await udp_pair();
        std::array<std::byte, 16> b1{}, b2{};
        auto f1 = rx.recv_from(b1);
        std::optional<rt::net::udp_recv_from_future> f2(rx.recv_from(b2));
        tagged_waker t1, t2;
        const auto ws = waiters(&t1, &t2);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(*f2, t2));
        f2.reset();  // cancelled

        const int seen = total_wakes(ws);
        co_await tx.send_to(bytes("d"), rx.local_addr());
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes(), 1);
        EXPECT_EQ(t2.wakes(), 0);  // a dropped waiter is never woken
        EXPECT_TRUE(co_await poll_with(f1, t1));
    }());
}

// Issue #14 item 3, cancellation from the middle of the waiter list (ASan checks the unlinking):
// of three waiters the first and the middle one are dropped; the last is still woken, and so are
// waiters that register afterwards.
TEST(shared_waiters, cancelling_waiters_anywhere_in_the_list_keeps_the_others_registered) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [rx, tx] = co_await udp_pair();
        std::array<std::byte, 16> b1{}, b2{}, b3{}, b4{};
        std::optional<rt::net::udp_recv_from_future> f1(rx.recv_from(b1));
        std::optional<rt::net::udp_recv_from_future> f2(rx.recv_from(b2));
        auto f3 = rx.recv_from(b3);
        tagged_waker t1, t2, t3, t4;
        const auto ws = waiters(&t1, &t2, &t3, &t4);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(*f1, t1));
        EXPECT_FALSE(co_await poll_with(*f2, t2));
        EXPECT_FALSE(co_await poll_with(f3, t3));
        f2.reset();  // the middle of the list
        f1.reset();  // the slot
        auto f4 = rx.recv_from(b4);
        EXPECT_FALSE(co_await poll_with(f4, t4));  // takes the freed slot

        const int seen = total_wakes(ws);
        co_await tx.send_to(bytes("d"), rx.local_addr());
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes() + t2.wakes(), 0);
        EXPECT_EQ(t3.wakes(), 1);
        EXPECT_EQ(t4.wakes(), 1);
        EXPECT_TRUE(co_await poll_with(f3, t3));
    }());
}

// Issue #14 item 3: a pending future that is moved keeps its place (the moved-to future is woken;
// the moved-from one, destroyed, unregisters nothing it no longer owns).
TEST(shared_waiters, a_moved_pending_waiter_is_still_woken) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [rx, tx] = co_await udp_pair();
        std::array<std::byte, 16> b1{}, b2{};
        auto f1 = rx.recv_from(b1);
        std::optional<rt::net::udp_recv_from_future> f2(rx.recv_from(b2));
        tagged_waker t1, t2;
        const auto ws = waiters(&t1, &t2);  // a named local: see waiters()
        EXPECT_FALSE(co_await poll_with(f1, t1));
        EXPECT_FALSE(co_await poll_with(*f2, t2));
        std::optional<rt::net::udp_recv_from_future> moved(std::move(*f2));
        f2.reset();

        const int seen = total_wakes(ws);
        co_await tx.send_to(bytes("d"), rx.local_addr());
        co_await any_woken(ws, seen);
        EXPECT_EQ(t1.wakes(), 1);
        EXPECT_EQ(t2.wakes(), 1);  // through the moved-to future's registration
        moved.reset();
        EXPECT_TRUE(co_await poll_with(f1, t1));
    }());
}

}  // namespace
