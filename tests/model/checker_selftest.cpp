// tests/model/checker_selftest.cpp — rt::model checks itself (issue #15 item 2): litmus tests whose
// allowed and forbidden outcomes are known, a lost wake-up and a broken lock it must find, a
// deadlock it must report, and a replayed failure that must reproduce byte for byte.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "rt/shim/model/model.hpp"

namespace {

namespace m = rt::model;
using std::memory_order_acquire;
using std::memory_order_relaxed;
using std::memory_order_release;
using std::memory_order_seq_cst;

// Store buffering (SB): x = 1; r1 = y  ||  y = 1; r2 = x. r1 == r2 == 0 is allowed unless seq_cst.
std::function<void()> store_buffering_body(std::memory_order order) {
    return [order] {
        auto x = std::make_shared<m::atomic<int>>(0);
        auto y = std::make_shared<m::atomic<int>>(0);
        auto r1 = std::make_shared<int>(-1);
        m::thread t([=] {
            x->store(1, order);
            *r1 = y->load(order);
        });
        y->store(1, order);
        const int r2 = x->load(order);
        t.join();
        RT_MODEL_ASSERT(!(*r1 == 0 && r2 == 0));
    };
}
m::report store_buffering(std::memory_order order) { return m::check(store_buffering_body(order)); }

// Issue #15 item 2: the relaxed (and release/acquire) store-buffering outcome is found...
TEST(ModelChecker, StoreBufferingFindsBothZeroWithRelaxed) {
    const auto r = store_buffering(memory_order_relaxed);
    EXPECT_TRUE(r.failed) << r.str();
    EXPECT_NE(r.trace.find("stale"), std::string::npos) << r.trace;
    std::printf("SB relaxed: %s\n", r.str().c_str());
}
// ...and is not reported with seq_cst, where it is forbidden.
TEST(ModelChecker, StoreBufferingForbidsBothZeroWithSeqCst) {
    const auto r = store_buffering(memory_order_seq_cst);
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
    EXPECT_GT(r.executions, 3u);
    std::printf("SB seq_cst: %zu executions\n", r.executions);
}

// SB with seq_cst fences between relaxed accesses: forbidden as well.
TEST(ModelChecker, StoreBufferingForbidsBothZeroWithSeqCstFences) {
    const auto r = m::check([] {
        auto x = std::make_shared<m::atomic<int>>(0);
        auto y = std::make_shared<m::atomic<int>>(0);
        auto r1 = std::make_shared<int>(-1);
        m::thread t([=] {
            x->store(1, memory_order_relaxed);
            m::fence(memory_order_seq_cst);
            *r1 = y->load(memory_order_relaxed);
        });
        y->store(1, memory_order_relaxed);
        m::fence(memory_order_seq_cst);
        const int r2 = x->load(memory_order_relaxed);
        t.join();
        RT_MODEL_ASSERT(!(*r1 == 0 && r2 == 0));
    });
    EXPECT_FALSE(r.failed) << r.str();
}

// Message passing (MP): data = 42; flag = 1  ||  if flag == 1 then data must be 42.
m::report message_passing(std::memory_order store_order, std::memory_order load_order) {
    return m::check([=] {
        auto data = std::make_shared<m::atomic<int>>(0);
        auto flag = std::make_shared<m::atomic<int>>(0);
        m::thread t([=] {
            data->store(42, memory_order_relaxed);
            flag->store(1, store_order);
        });
        if (flag->load(load_order) == 1) RT_MODEL_ASSERT(data->load(memory_order_relaxed) == 42);
        t.join();
    });
}

TEST(ModelChecker, MessagePassingWithReleaseAcquireIsCorrect) {
    const auto r = message_passing(memory_order_release, memory_order_acquire);
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
}
TEST(ModelChecker, MessagePassingWithRelaxedFlagIsCaught) {
    const auto r = message_passing(memory_order_relaxed, memory_order_acquire);
    EXPECT_TRUE(r.failed) << r.str();
    const auto r2 = message_passing(memory_order_release, memory_order_relaxed);
    EXPECT_TRUE(r2.failed) << r2.str();
}

// Release/acquire fences around relaxed accesses synchronize like release/acquire accesses.
TEST(ModelChecker, MessagePassingThroughFencesIsCorrect) {
    const auto r = m::check([] {
        auto data = std::make_shared<m::atomic<int>>(0);
        auto flag = std::make_shared<m::atomic<int>>(0);
        m::thread t([=] {
            data->store(42, memory_order_relaxed);
            m::fence(memory_order_release);
            flag->store(1, memory_order_relaxed);
        });
        if (flag->load(memory_order_relaxed) == 1) {
            m::fence(memory_order_acquire);
            RT_MODEL_ASSERT(data->load(memory_order_relaxed) == 42);
        }
        t.join();
    });
    EXPECT_FALSE(r.failed) << r.str();
}

// A toy event: the setter raises `flag`, bumps the futex word `seq` and wakes; the waiter sleeps
// on `seq` while the flag is down. It must read `seq` BEFORE checking the flag, so that a set in
// between changes the word and futex_wait returns at once; reading it after the check loses that
// wake-up (the waiter then sleeps on the new value, and nobody wakes it: a deadlock).
m::report flag_futex(bool snapshot_before_check) {
    return m::check([=] {
        auto flag = std::make_shared<m::atomic<std::uint32_t>>(0);
        auto seq = std::make_shared<m::atomic<std::uint32_t>>(0);
        m::thread setter([=] {
            flag->store(1);
            seq->fetch_add(1);
            m::futex_wake_one(*seq);
        });
        for (;;) {
            std::uint32_t s = snapshot_before_check ? seq->load() : 0;
            if (flag->load() == 1) break;
            if (!snapshot_before_check) s = seq->load();  // BUG: the set may have happened just now
            m::futex_wait(*seq, s);
        }
        setter.join();
    });
}

TEST(ModelChecker, FlagFutexWithSnapshotBeforeCheckHasNoLostWakeup) {
    const auto r = flag_futex(true);
    EXPECT_FALSE(r.failed) << r.str();
}
TEST(ModelChecker, FlagFutexLostWakeupIsFound) {
    const auto r = flag_futex(false);
    ASSERT_TRUE(r.failed) << r.str();
    EXPECT_NE(r.message.find("futex_wait"), std::string::npos) << r.message;
    std::printf("lost wake-up: %s\n", r.str().c_str());
}

// A lost wake-up: a condition-variable sleeper that checks its flag without holding the mutex.
TEST(ModelChecker, LostWakeupIsFoundAsDeadlock) {
    const auto r = m::check([] {
        auto mu = std::make_shared<m::mutex>();
        auto cv = std::make_shared<m::condition_variable>();
        auto ready = std::make_shared<m::atomic<bool>>(false);
        m::thread waker([=] {
            ready->store(true);
            cv->notify_one();  // BUG: not under the mutex, and the sleeper checked without it
        });
        if (!ready->load()) {
            m::unique_lock<m::mutex> lk(*mu);
            cv->wait(lk);  // the notify may already have happened: sleeps forever
        }
        waker.join();
    });
    ASSERT_TRUE(r.failed) << r.str();
    EXPECT_NE(r.message.find("deadlock"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("condition_variable::wait"), std::string::npos) << r.message;
}

// Two mutexes taken in opposite orders (ABBA): the deadlock is found and named.
TEST(ModelChecker, LockOrderInversionIsFoundAsDeadlock) {
    const auto r = m::check([] {
        auto a = std::make_shared<m::mutex>();
        auto b = std::make_shared<m::mutex>();
        m::thread t([=] {
            m::lock_guard<m::mutex> lb(*b);
            m::lock_guard<m::mutex> la(*a);
        });
        {
            m::lock_guard<m::mutex> la(*a);
            m::lock_guard<m::mutex> lb(*b);
        }
        t.join();
    });
    ASSERT_TRUE(r.failed) << r.str();
    EXPECT_NE(r.message.find("mutex::lock"), std::string::npos) << r.message;
}

// The same sleeper done right (flag checked and set under the mutex): nothing to find.
TEST(ModelChecker, ConditionVariableUnderTheMutexHasNoLostWakeup) {
    const auto r = m::check([] {
        auto mu = std::make_shared<m::mutex>();
        auto cv = std::make_shared<m::condition_variable>();
        auto ready = std::make_shared<bool>(false);
        m::thread waker([=] {
            {
                m::lock_guard<m::mutex> lk(*mu);
                *ready = true;
            }
            cv->notify_one();
        });
        {
            m::unique_lock<m::mutex> lk(*mu);
            cv->wait(lk, [&] { return *ready; });
        }
        waker.join();
    });
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
}

// Mutual exclusion of a lock built from atomics, counted by `inside`.
template <class Lock, class Unlock>
m::report lock_excludes(Lock lock, Unlock unlock) {
    return m::check([=] {
        auto flag = std::make_shared<m::atomic<bool>>(false);
        auto inside = std::make_shared<m::atomic<int>>(0);
        auto body = [=] {
            lock(*flag);
            RT_MODEL_ASSERT(inside->fetch_add(1, memory_order_relaxed) == 0);
            inside->fetch_sub(1, memory_order_relaxed);
            unlock(*flag);
        };
        m::thread t(body);
        body();
        t.join();
    });
}

TEST(ModelChecker, TestAndSetSpinLockIsCorrect) {
    const auto r = lock_excludes(
        [](m::atomic<bool>& f) {
            while (f.exchange(true, memory_order_acquire)) m::yield_now();
        },
        [](m::atomic<bool>& f) { f.store(false, memory_order_release); });
    EXPECT_FALSE(r.failed) << r.str();
}
// A spin lock that tests, then sets (two steps, not one RMW): both threads get in.
TEST(ModelChecker, BrokenSpinLockIsFound) {
    const auto r = lock_excludes(
        [](m::atomic<bool>& f) {
            while (f.load(memory_order_acquire)) m::yield_now();
            f.store(true, memory_order_relaxed);
        },
        [](m::atomic<bool>& f) { f.store(false, memory_order_release); });
    ASSERT_TRUE(r.failed) << r.str();
    EXPECT_NE(r.message.find("assertion failed"), std::string::npos) << r.str().substr(0, 3000);
}

// A failing execution's replay string runs exactly that execution again: same message, same trace.
TEST(ModelChecker, ReplayReproducesTheFailingExecution) {
    const auto r = store_buffering(memory_order_relaxed);
    ASSERT_TRUE(r.failed);
    const auto again = m::check(store_buffering_body(memory_order_relaxed), {.replay = r.replay});
    EXPECT_TRUE(again.failed);
    EXPECT_EQ(again.executions, 1u);
    EXPECT_EQ(again.message, r.message);
    EXPECT_EQ(again.trace, r.trace);
}

// The preemption bound limits the search: more preemptions, more executions.
TEST(ModelChecker, ExecutionCountGrowsWithThePreemptionBound) {
    auto body = [] {
        auto x = std::make_shared<m::atomic<int>>(0);
        m::thread t([=] {
            for (int i = 0; i < 3; ++i) x->fetch_add(1);
        });
        for (int i = 0; i < 3; ++i) x->fetch_add(1);
        t.join();
        RT_MODEL_ASSERT(x->load() == 6);
    };
    const auto r0 = m::check(body, {.preemption_bound = 0});
    const auto r2 = m::check(body, {.preemption_bound = 2});
    EXPECT_FALSE(r0.failed) << r0.str();
    EXPECT_FALSE(r2.failed) << r2.str();
    EXPECT_LT(r0.executions, r2.executions);
    std::printf("3+3 fetch_add: bound 0 -> %zu executions, bound 2 -> %zu\n", r0.executions, r2.executions);
}

// A spin that can never end is reported, not run forever.
TEST(ModelChecker, EndlessSpinIsReportedAsLivelock) {
    const auto r = m::check([] {
        m::atomic<bool> never(false);
        while (!never.load()) m::yield_now();
    });
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("livelock"), std::string::npos) << r.message;
}

}  // namespace
