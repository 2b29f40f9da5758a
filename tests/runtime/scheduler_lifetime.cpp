// tests/runtime/scheduler_lifetime.cpp — runtimes are independent of each other's wakes (issue 14
// item 5): every task holds a counted reference to its scheduler, so a wake from any thread reaches
// a live scheduler object and shutdown never waits for wakes of other runtimes (it used to drain a
// process-wide counter of wakes in flight). A waker that outlives its runtime stays safe to use
// from any thread (ASan checks the frees in the asan preset).
#include "support/rt_test.hpp"

namespace {

using namespace std::chrono_literals;

/// Where a task parks: the waker of its latest poll, for another thread to use.
struct waker_box {
    std::mutex mu;
    rt::waker w;
    std::atomic<int> polls{0};
};

/// Never ready; keeps a clone of every poll's waker in the box.
struct park_in_box {
    std::shared_ptr<waker_box> box;
    rt::poll_result<void> poll(rt::context& cx) {
        {
            std::lock_guard<std::mutex> lock(box->mu);
            box->w = cx.waker();
        }
        box->polls.fetch_add(1);
        return rt::pending;
    }
};

rt::task<void> park_forever(std::shared_ptr<waker_box> box) {
    park_in_box parked{std::move(box)};  // named: g++-12 double-destroys co_await temporaries
    co_await parked;
}

/// A waker whose wake_by_ref stops at a hook: it reports that it got there, then blocks until the
/// test releases it. Used as the driver waker of a local set, it holds a wake of one of the set's
/// tasks mid-flight (inside the set's schedule()) on whatever thread woke the task.
struct hook_waker {
    std::latch entered{1};
    std::latch release{1};
    static hook_waker* of(const void* d) { return static_cast<hook_waker*>(const_cast<void*>(d)); }
    static void clone(const void*) {}
    static void wake(const void* d) { wake_by_ref(d); }
    static void wake_by_ref(const void* d) {
        of(d)->entered.count_down();
        of(d)->release.wait();
    }
    static void drop(const void*) {}
    static constexpr rt::waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
};

// Issue 14 item 5: creating and dropping runtime B while a wake of another scheduler's task is in
// flight on a third thread must not wait for that wake. The wake is held inside the local set's
// schedule() by the hook (deterministically, for as long as the test wants); B's drop must finish
// while it is still held. The 20 s guard only keeps a regression from hanging the suite.
TEST(scheduler_lifetime, dropping_a_runtime_does_not_wait_for_a_wake_in_flight_elsewhere) {
    auto box = std::make_shared<waker_box>();
    hook_waker hook;
    rt::local_set set;
    set.spawn_local(&park_forever, box).detach();
    {
        // Drive the set by hand once: the task parks, the set keeps the hook as its driver waker.
        rt::waker driver(&hook, &hook_waker::vtable);
        rt::context cx(driver);
        ASSERT_TRUE(set.poll(cx).is_pending());
    }
    ASSERT_EQ(box->polls.load(), 1);

    std::thread waking([box] {
        rt::waker w;
        {
            std::lock_guard<std::mutex> lock(box->mu);
            w = box->w;
        }
        w.wake_by_ref();  // queues the task on the set, then stops in the hook
    });
    hook.entered.wait();

    auto dropped = std::async(std::launch::async, [] {
        auto b = rt_test::current_thread_runtime();
        EXPECT_EQ(b.block_on([]() -> rt::task<int> { co_return 7; }()), 7);
        auto m = rt::runtime::builder().multi_thread().worker_threads(1).build();
        EXPECT_EQ(m.block_on(m.spawn([]() -> rt::task<int> { co_return 8; })), 8);
    });
    const bool finished_while_held = dropped.wait_for(20s) == std::future_status::ready;
    hook.release.count_down();  // the held wake goes on (and, before the fix, so does B's drop)
    waking.join();
    dropped.get();
    EXPECT_TRUE(finished_while_held) << "runtime B's drop waited for a wake of another scheduler";
    EXPECT_EQ(set.len(), 1u);
}

rt::runtime make(bool multi) {
    return multi ? rt::runtime::builder().multi_thread().worker_threads(2).build()
                 : rt::runtime::builder().current_thread().build();
}

/// A runtime with one parked task whose waker is in `box`; the runtime is dropped on return.
void park_one_then_drop(bool multi, const std::shared_ptr<waker_box>& box) {
    auto rt = make(multi);
    rt.spawn(&park_forever, box).detach();
    rt.block_on([](std::shared_ptr<waker_box> box) -> rt::task<void> {
        while (box->polls.load() == 0) co_await rt::yield_now();
    }(box));
}

// Issue 14 item 5: the task holds the last reference to its scheduler once the runtime is gone;
// wake() by value from another thread finds the task complete and frees it, which frees the
// scheduler, its driver and its blocking pool there. ASan (asan preset) checks every access.
TEST(scheduler_lifetime, a_waker_outliving_its_runtime_is_safe_to_wake_from_another_thread) {
    for (bool multi : {false, true}) {
        auto box = std::make_shared<waker_box>();
        park_one_then_drop(multi, box);
        rt::waker w;
        {
            std::lock_guard<std::mutex> lock(box->mu);
            w = std::move(box->w);
        }
        ASSERT_FALSE(w.empty());
        rt::waker clone = w;
        std::thread([w = std::move(w), clone = std::move(clone)]() mutable {
            clone.wake_by_ref();
            std::move(clone).wake();
            std::move(w).wake();  // the last reference to the task, and through it to the scheduler
        }).join();
    }
}

// Issue 14 item 5: the same for a join handle and an abort handle that outlive the runtime and are
// used and dropped on another thread.
TEST(scheduler_lifetime, handles_outliving_their_runtime_are_safe_on_another_thread) {
    for (bool multi : {false, true}) {
        auto box = std::make_shared<waker_box>();
        std::optional<rt::join_handle<void>> jh;
        {
            auto rt = make(multi);
            jh = rt.spawn(&park_forever, box);
            rt.block_on([](std::shared_ptr<waker_box> box) -> rt::task<void> {
                while (box->polls.load() == 0) co_await rt::yield_now();
            }(box));
        }
        {
            std::lock_guard<std::mutex> lock(box->mu);
            box->w = rt::waker();
        }
        std::thread([jh = std::move(jh)]() mutable {
            EXPECT_TRUE(jh->is_finished());
            jh->abort();
            jh.reset();
        }).join();
    }
}

}  // namespace
