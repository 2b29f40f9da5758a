// tests/model/idle_set_model.cpp — model test of the idle set (runtime/scheduler/multi_thread/
// idle.hpp), issue #15 item 3: a worker that finds no work and parks, racing a notifier that
// publishes work and asks for a worker to wake. Either the notifier wakes the worker, or the
// worker (the last searcher) sees the work on its re-check: never both miss (a Dekker pair over
// the state word). The worker's sleep is a futex on a wake word, as worker_parker's.
//
// Seeded mutation (mutant idle_relaxed_notify_read): worker_to_notify reads the state with a
// relaxed load instead of the seq_cst RMW. Found as a deadlock after 3 executions (store
// buffering; state = unparked << 16 | searching):
//   t0  atomic#1.store(1, release)                        idle_set_model.cpp:52 (work published)
//   t0  atomic#0.load(relaxed) -> 65536                   worker_to_notify (the mutation): a
//                                                         worker is unparked, nobody to wake
//   t1  atomic#0.fetch_add(seq_cst): 65536 -> 65537       transition_worker_to_searching
//   t1  atomic#1.load(acquire) -> 0 (stale: 1 newer store(s) not seen)
//   t1  atomic#0.fetch_sub(seq_cst): 65537 -> 0           transition_worker_to_parked (last)
//   t1  fence(seq_cst)
//   t1  atomic#1.load(acquire) -> 0 (stale: 1 newer store(s) not seen)   the re-check misses it
//   t1  futex_wait(atomic#2, 0) blocks
//   deadlock: t0 waits in thread::join; t1 waits in futex_wait
#include <gtest/gtest.h>

#include <cstdint>

#include "rt/runtime/scheduler/multi_thread/idle.hpp"
#include "rt/shim/model/model.hpp"
#include "idle_relaxed_notify_read.hpp"

namespace {

namespace m = rt::model;

template <class Idle>
m::report park_vs_notify() {
    return m::check([] {
        Idle idle(1);
        rt::shim::atomic<int> work{0};
        rt::shim::atomic<std::uint32_t> wake{0};
        auto wake_worker = [&](std::size_t w) {
            if (w == Idle::none) return;
            wake.store(1, std::memory_order_release);
            rt::shim::futex_wake_one(wake);
        };
        m::thread worker([&] {
            RT_MODEL_ASSERT(idle.transition_worker_to_searching());
            if (work.load(std::memory_order_acquire) != 0) {  // found work: runs it
                idle.transition_worker_from_searching();
                return;
            }
            if (idle.transition_worker_to_parked(0, true)) {
                // The last searcher re-checks (multi_thread.cpp notify_if_work_pending).
                rt::shim::fence(std::memory_order_seq_cst);
                if (work.load(std::memory_order_acquire) != 0) wake_worker(idle.worker_to_notify());
            }
            while (wake.load(std::memory_order_acquire) == 0) rt::shim::futex_wait(wake, 0);
        });
        work.store(1, std::memory_order_release);  // as a queue push publishes its tail
        wake_worker(idle.worker_to_notify());
        worker.join();
    });
}

TEST(ModelIdleSet, ParkingWorkerAndNotifierNeverBothMiss) {
    const auto r = park_vs_notify<rt::detail::idle_set>();
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
    std::printf("idle_set park vs notify: %zu executions\n", r.executions);
}
TEST(ModelIdleSet, MutantRelaxedNotifyReadLosesTheWakeup) {
    namespace mut = rt::detail::mutant_idle_relaxed_notify_read;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in idle.hpp";
    const auto r = park_vs_notify<mut::idle_set>();
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("deadlock"), std::string::npos) << r.str();
    std::printf("mutant idle_relaxed_notify_read: %s\n", r.str().c_str());
}

}  // namespace
