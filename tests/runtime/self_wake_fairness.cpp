// tests/runtime/self_wake_fairness.cpp — a task woken while it is being polled (its own waker,
// e.g. after using up its coop budget) goes to the back of the run queue, not the LIFO slot, so it
// cannot take the worker's next polls from the tasks already waiting (Tokio: schedule as a yield).
#include "support/rt_test.hpp"

namespace {

/// Pending `rounds` times, waking itself during each poll; logs each poll into `log`.
struct self_waker {
    std::vector<char>* log;
    char name;
    int rounds;
    rt::poll_result<void> poll(rt::context& cx) {
        log->push_back(name);
        if (--rounds < 0) return rt::ready();
        cx.waker().wake_by_ref();
        return rt::pending;
    }
};

// Issue #14, "also" (self-wake to the LIFO slot): two self-waking tasks on a one-worker runtime
// alternate poll by poll; before, each ran 1 + 3 times in a row from the LIFO slot.
TEST(self_wake_fairness, two_self_waking_tasks_alternate_on_one_worker) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(1).build();
    std::vector<char> log;  // touched only by the one worker thread, read after the joins
    rt.block_on(rt.spawn([](std::vector<char>& log) -> rt::task<void> {
        // Both are queued by this poll, so neither runs before the other is ready.
        auto a = rt::spawn(self_waker{&log, 'a', 20});
        auto b = rt::spawn(self_waker{&log, 'b', 20});
        co_await a;
        co_await b;
    }(log)));
    ASSERT_EQ(log.size(), 42u);
    for (std::size_t i = 1; i < log.size(); ++i) EXPECT_NE(log[i], log[i - 1]) << "poll " << i;
}

}  // namespace
