// tests/model/worker_parker_model.cpp — model test of worker_parker (runtime/scheduler/multi_thread/
// worker_parker.hpp), issue #15 item 3: an unpark() before or during park() is never lost, on both
// the driver path (one worker wins the driver's try-lock) and the futex path (the other sleeps).
//
// Seeded mutation (tests/model/CMakeLists.txt, mutant parker_blind_store): park_sleep stores
// PARKED_SLEEP instead of CASing it from EMPTY. The checker reports a deadlock (trace abridged):
//   t1  atomic#0.compare_exchange(3 -> 0, acq_rel) fails, sees 0    worker_parker.hpp:25  (park: not notified)
//   t1  mutex.try_lock() fails                                        (the driver is taken: sleep path)
//   t0  atomic#1.store(1, release)                                    (the work)
//   t0  atomic#0.exchange(acq_rel): 0 -> 3                            worker_parker.hpp:46  (unpark: NOTIFIED)
//   t1  atomic#0.store(1, relaxed)                                    (mutant: NOTIFIED overwritten)
//   t1  futex_wait(atomic#0, 1) blocks                                worker_parker.hpp:84
//   deadlock: t0 waits in thread::join; t1 waits in futex_wait
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#include "rt/runtime/scheduler/multi_thread/worker_parker.hpp"
#include "rt/shim/model/model.hpp"
#include "parker_blind_store.hpp"

namespace {

namespace m = rt::model;

// A driver whose park blocks until unpark() (a token word and the futex), like the real drivers'
// eventfd: an unpark before park makes the next park return at once.
class model_driver final : public rt::detail::driver {
public:
    void park(std::optional<std::chrono::nanoseconds> timeout) override {
        // acquire: pairs with unpark's release (nothing rides on it here; kept as the real ones do)
        while (token_.exchange(0, std::memory_order_acquire) == 0) {
            if (timeout) return;  // poll only
            rt::shim::futex_wait(token_, 0);
        }
    }
    void unpark() override {
        token_.store(1, std::memory_order_release);
        rt::shim::futex_wake_one(token_);
    }

private:
    rt::shim::atomic<std::uint32_t> token_{0};
};

// Worker: loops parking until its work flag is up. Notifier (t0): raises the flag, then unparks.
// `hold_driver`: t0 holds the driver mutex, so the worker takes the futex path.
template <class Parker>
m::report park_unpark(bool hold_driver) {
    return m::check([hold_driver] {
        model_driver drv;
        rt::shim::mutex driver_mu;
        Parker parker;
        rt::shim::atomic<int> work{0};
        if (hold_driver) driver_mu.lock();
        m::thread worker([&] {
            // acquire: the park's NOTIFIED consumption already orders it; the loop re-checks
            while (work.load(std::memory_order_acquire) == 0) parker.park(drv, driver_mu);
        });
        work.store(1, std::memory_order_release);
        parker.unpark(drv);
        worker.join();
        if (hold_driver) driver_mu.unlock();
    });
}

// Two workers share the driver: one parks in it, the other on its futex; t0 wakes both.
template <class Parker>
m::report two_workers() {
    return m::check(
        [] {
            model_driver drv;
            rt::shim::mutex driver_mu;
            Parker p1, p2;
            rt::shim::atomic<int> w1{0}, w2{0};
            m::thread a([&] {
                while (w1.load(std::memory_order_acquire) == 0) p1.park(drv, driver_mu);
            });
            m::thread b([&] {
                while (w2.load(std::memory_order_acquire) == 0) p2.park(drv, driver_mu);
            });
            w1.store(1, std::memory_order_release);
            p1.unpark(drv);
            w2.store(1, std::memory_order_release);
            p2.unpark(drv);
            a.join();
            b.join();
        },
        {.preemption_bound = 2});
}

TEST(ModelWorkerParker, UnparkIsNeverLostOnTheFutexPath) {
    const auto r = park_unpark<rt::detail::worker_parker>(true);
    EXPECT_FALSE(r.failed) << r.str();
    std::printf("worker_parker futex path: %zu executions\n", r.executions);
}
TEST(ModelWorkerParker, UnparkIsNeverLostOnTheDriverPath) {
    const auto r = park_unpark<rt::detail::worker_parker>(false);
    EXPECT_FALSE(r.failed) << r.str();
    std::printf("worker_parker driver path: %zu executions\n", r.executions);
}
TEST(ModelWorkerParker, TwoWorkersSharingTheDriverAreBothWoken) {
    const auto r = two_workers<rt::detail::worker_parker>();
    EXPECT_FALSE(r.failed) << r.str();
    std::printf("worker_parker two workers: %zu executions\n", r.executions);
}
TEST(ModelWorkerParker, MutantBlindStoreLosesTheWakeup) {
    namespace mut = rt::detail::mutant_parker_blind_store;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in worker_parker.hpp";
    const auto r = park_unpark<mut::worker_parker>(true);
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("deadlock"), std::string::npos) << r.str();
    std::printf("mutant parker_blind_store: %s\n", r.str().c_str());
}

}  // namespace
