// tests/model/oneshot_model.cpp — model test of the oneshot channel (sync/oneshot/oneshot.hpp),
// issue #15 item 3: a send racing the receiver's poll (waker registration) is never lost and the
// received value is the one sent; a send racing the receiver's drop destroys the value exactly once
// (on whichever side ends up owning it). The value is read and written through relaxed model
// atomics in its move constructor, so a missing release/acquire shows up as a stale read. The
// value type is over-aligned so the state block comes from new/delete, not the frame pool.
//
// Seeded mutation 1 (mutant oneshot_no_wake): send does not wake a registered receiver. Found in
// the first execution (bits: 64 = two refs, 8 = RX_WAKER, 1|2 = COMPLETE|VALUE):
//   t0  atomic#0.fetch_or(acq_rel): 64 -> 72             register_waker: RX_WAKER; poll pending
//   t0  futex_wait(atomic#1, 0) blocks                   the test's waker word: not woken yet
//   t1  atomic#0.compare_exchange(72 -> 75, acq_rel) succeeds   send: VALUE, but no wake
//   t1  atomic#0.fetch_sub(acq_rel): 75 -> 43            the sender's reference
//   deadlock: every thread is blocked or finished; t0 waits in futex_wait
// Seeded mutation 2 (mutant oneshot_relaxed_send): send's CAS publishing VALUE is relaxed. After
// 215 executions:
//   t1  atomic#2.store(42, relaxed)                      the value, moved into the block
//   t1  atomic#0.compare_exchange(64 -> 67, relaxed) succeeds   (the mutation)
//   t0  atomic#0.fetch_or(acq_rel): 67 -> 75             register_waker sees VALUE...
//   t0  atomic#2.load(relaxed) -> 0 (stale: 1 newer store(s) not seen)   ...not the value
//   assertion failed: got && *got == 42
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "rt/shim/model/model.hpp"
#include "rt/sync/oneshot/oneshot.hpp"
#include "oneshot_no_wake.hpp"
#include "oneshot_relaxed_send.hpp"

namespace {

namespace m = rt::model;

int g_live_values = 0;  // values constructed minus destroyed (plain: one model thread at a time)

// The payload: its bytes are a relaxed model atomic, so reading it without happens-before can
// return the stale (0) content. Over-aligned: the block is not pooled.
struct alignas(64) payload {
    rt::shim::atomic<int> v{0};
    explicit payload(int x) {
        v.store(x, std::memory_order_relaxed);
        ++g_live_values;
    }
    payload(payload&& o) noexcept {
        v.store(o.v.load(std::memory_order_relaxed), std::memory_order_relaxed);
        ++g_live_values;
    }
    ~payload() { --g_live_values; }
    int get() const { return v.load(std::memory_order_relaxed); }
};

// A waker that raises a word and futex-wakes it; the receiver sleeps on the word.
rt::shim::atomic<std::uint32_t>* g_woken = nullptr;
void wake_word(const void*) {
    g_woken->store(1, std::memory_order_release);
    rt::shim::futex_wake_one(*g_woken);
}
void no_op(const void*) {}
const rt::waker_vtable word_vtable{&no_op, &wake_word, &wake_word, &no_op};

template <template <class> class Sender, template <class> class Receiver, class MakeChannel>
m::report send_vs_poll(MakeChannel make) {
    return m::check([make] {
        rt::shim::atomic<std::uint32_t> woken{0};
        g_woken = &woken;
        auto [tx, rx] = make();
        m::thread sender([tx = std::move(tx)]() mutable { RT_MODEL_ASSERT(std::move(tx).send(payload(42)).has_value()); });
        const rt::waker w(nullptr, &word_vtable);
        rt::context cx(w);
        std::optional<int> got;
        for (;;) {
            auto r = rx.poll(cx);
            if (r.is_ready()) {
                auto v = r.take();
                RT_MODEL_ASSERT(v.has_value());
                got = v->get();
                break;
            }
            while (woken.load(std::memory_order_acquire) == 0) rt::shim::futex_wait(woken, 0);
            woken.store(0, std::memory_order_relaxed);
        }
        RT_MODEL_ASSERT(got && *got == 42);
        sender.join();
    });
}

template <class MakeChannel>
m::report send_vs_drop(MakeChannel make) {
    return m::check([make] {
        g_live_values = 0;
        {
            auto [tx, rx] = make();
            m::thread sender([tx = std::move(tx)]() mutable { (void)std::move(tx).send(payload(7)); });
            { auto gone = std::move(rx); }  // the receiver is dropped, maybe after the value arrived
            sender.join();
        }
        RT_MODEL_ASSERT(g_live_values == 0);
    });
}

TEST(ModelOneshot, SendRacingPollIsReceived) {
    const auto r = send_vs_poll<rt::sync::oneshot::sender, rt::sync::oneshot::receiver>(
        [] { return rt::sync::oneshot::channel<payload>(); });
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
    std::printf("oneshot send vs poll: %zu executions\n", r.executions);
}
TEST(ModelOneshot, SendRacingReceiverDropDestroysTheValueOnce) {
    const auto r = send_vs_drop([] { return rt::sync::oneshot::channel<payload>(); });
    EXPECT_FALSE(r.failed) << r.str();
    std::printf("oneshot send vs drop: %zu executions\n", r.executions);
}
TEST(ModelOneshot, MutantNoWakeLosesTheReceiver) {
    namespace mut = rt::sync::oneshot::mutant_oneshot_no_wake;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in oneshot.hpp";
    const auto r = send_vs_poll<mut::sender, mut::receiver>([] { return mut::channel<payload>(); });
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("deadlock"), std::string::npos) << r.str();
    std::printf("mutant oneshot_no_wake: %s\n", r.str().c_str());
}
TEST(ModelOneshot, MutantRelaxedSendHidesTheValue) {
    namespace mut = rt::sync::oneshot::mutant_oneshot_relaxed_send;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in oneshot.hpp";
    const auto r = send_vs_poll<mut::sender, mut::receiver>([] { return mut::channel<payload>(); });
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("42"), std::string::npos) << r.str();
    std::printf("mutant oneshot_relaxed_send: %s\n", r.str().c_str());
}

}  // namespace
