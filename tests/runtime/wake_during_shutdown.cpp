// tests/runtime/wake_during_shutdown.cpp — a waker used from a thread outside the runtime while the
// runtime is being destroyed, and a thousand times after it is gone: the wake either reaches the
// task before it is cancelled or does nothing; it never touches the freed scheduler or driver
// (ASan checks, in the asan preset). The race inside the drop has a window of a few instructions
// (each task's reference on its scheduler closes it, issue 14 item 5); the wakes after the drop are
// deterministic.
#include "support/rt_test.hpp"

namespace {

/// Where the task parks: the waker of its latest poll, for another thread to wake.
struct waker_box {
    std::mutex mu;
    rt::waker w;
    std::atomic<int> polls{0};
};

/// Never ready; stores a clone of every poll's waker in the box.
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

rt::runtime make(bool multi) {
    return multi ? rt::runtime::builder().multi_thread().worker_threads(2).build()
                 : rt::runtime::builder().current_thread().build();
}

void hammer_while_dropping(bool multi) {
    for (int round = 0; round < 20; ++round) {
        auto box = std::make_shared<waker_box>();
        std::atomic<bool> stop{false};
        std::thread waker_thread;
        {
            auto rt = make(multi);
            rt.spawn([](std::shared_ptr<waker_box> box) -> rt::task<void> {
                park_in_box parked{std::move(box)};  // named: g++-12 double-destroys co_await temporaries
                co_await parked;
            }, box).detach();
            // Let the task park once so the box holds its waker.
            rt.block_on([](std::shared_ptr<waker_box> box) -> rt::task<void> {
                while (box->polls.load() == 0) co_await rt::yield_now();
            }(box));
            waker_thread = std::thread([&stop, box] {
                // Wakes race the drop below and go on after it (then they must do nothing).
                for (int i = 0; !stop.load() || i < 1000; ++i) {
                    std::lock_guard<std::mutex> lock(box->mu);
                    box->w.wake_by_ref();
                }
            });
            // multi_thread: wait until wakes are landing (each re-polls the task); current_thread
            // only polls inside block_on, so there the wakes queue up remotely.
            const int want = multi ? 50 : 1;
            while (box->polls.load() < want) std::this_thread::yield();
        }  // the runtime is destroyed here, with wakes in flight
        stop.store(true);
        waker_thread.join();
        std::lock_guard<std::mutex> lock(box->mu);
        box->w = rt::waker();  // the last reference to the cancelled task goes here
    }
}

TEST(wake_during_shutdown, a_foreign_thread_waking_while_a_multi_thread_runtime_drops_is_safe) {
    hammer_while_dropping(true);
}

TEST(wake_during_shutdown, a_foreign_thread_waking_while_a_current_thread_runtime_drops_is_safe) {
    hammer_while_dropping(false);
}

}  // namespace
