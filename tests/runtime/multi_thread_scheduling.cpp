// tests/runtime/multi_thread_scheduling.cpp — the multi-thread scheduler: no lost wakeups under a
// ping-pong between workers or for a sleeping worker while the other is blocked, a second task
// woken by the driver is shared with a sleeping worker, work really is stolen, a yield-spinning
// task starves nobody, block_in_place keeps the other workers running, and builder hooks and
// metrics report the truth.
#include "support/rt_test.hpp"

#if defined(__SANITIZE_THREAD__)
#define RT_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RT_TEST_TSAN 1
#endif
#endif

namespace {

rt::runtime multi(std::size_t workers) { return rt::runtime::builder().multi_thread().worker_threads(workers).build(); }

/// Two-party turn taking: wait_turn(me) completes when it is `me`'s turn; pass(to) hands over.
struct baton {
    std::mutex mu;
    int turn = 0;
    rt::waker waiters[2];

    struct wait_future {
        baton* b;
        int me;
        rt::poll_result<void> poll(rt::context& cx) {
            std::lock_guard<std::mutex> lock(b->mu);
            if (b->turn == me) return rt::ready();
            b->waiters[me] = cx.waker();
            return rt::pending;
        }
    };
    wait_future wait_turn(int me) { return {this, me}; }
    void pass(int to) {
        rt::waker w;
        {
            std::lock_guard<std::mutex> lock(mu);
            turn = to;
            w = std::move(waiters[to]);
        }
        std::move(w).wake();
    }
};

rt::task<long> player(baton& b, int me, long rounds) {
    long n = 0;
    for (long i = 0; i < rounds; ++i) {
        co_await b.wait_turn(me);
        ++n;
        b.pass(1 - me);
    }
    co_return n;
}

#ifdef RT_TEST_TSAN
constexpr long ping_pong_rounds = 20'000;  // TSan is ~50x slower; the interleavings are what matter
#else
constexpr long ping_pong_rounds = 1'000'000;
#endif

TEST(multi_thread, ping_pong_through_a_wake_primitive_loses_no_wakeup) {
    const long rounds = ping_pong_rounds;
    auto rt = multi(2);
    baton b;
    auto total = rt.block_on([](baton& b, long rounds) -> rt::task<long> {
        auto a = rt::spawn(player, std::ref(b), 0, rounds);
        auto c = rt::spawn(player, std::ref(b), 1, rounds);
        const long x = co_await a;
        const long y = co_await c;
        co_return x + y;
    }(b, rounds));
    EXPECT_EQ(total, 2 * rounds);
}

// Each round holds one worker in a blocking wait that only a second task can release, spawned
// from outside once both workers sleep again: the other worker must be woken for it, from the I/O
// driver (eventfd) or from its futex word, depending on which one the first task landed on.
TEST(multi_thread, a_sleeping_worker_is_woken_for_work_while_the_other_is_blocked) {
    auto rt = multi(2);
    const auto m = rt.metrics();
    auto parks = [&] { return m.worker_park_count(0) + m.worker_park_count(1); };
    for (int round = 0; round < 200; ++round) {
        const std::uint64_t before = parks();
        std::latch held(1);
        auto blocker = rt.spawn([](std::latch& held) -> rt::task<void> {
            held.wait();  // test only: holds this worker until the releaser runs on the other one
            co_return;
        }, std::ref(held));
        auto releaser = rt.spawn([](std::latch& held) -> rt::task<void> {
            held.count_down();
            co_return;
        }, std::ref(held));
        rt.block_on(std::move(releaser));
        rt.block_on(std::move(blocker));
        // Both workers ran a task, so both park again before the next round (bounded wait).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (parks() < before + 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        EXPECT_GE(parks(), before + 2) << "round " << round;
    }
}

// Two timers with the same deadline fire in one driver turn on the worker that holds the driver:
// the last woken task goes to its LIFO slot, the other to its queue. That queued task is work the
// sleeping worker must be woken for (Tokio: should_notify_others), not left until the first task
// is done: here the first task waits (bounded) for the second to run, which only the other
// worker can do.
TEST(multi_thread, two_tasks_woken_in_one_driver_turn_run_on_two_workers_at_once) {
    auto rt = multi(2);
    for (int round = 0; round < 3; ++round) {
        std::latch both(2);
        std::atomic<int> timed_out{0};
        auto meet = [](std::latch& both, std::atomic<int>& timed_out,
                       rt::time::instant at) -> rt::task<void> {
            co_await rt::time::sleep_until(at);
            both.count_down();
            // Test only: blocks this worker until the other task ran (or 5 s passed).
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (!both.try_wait()) {
                if (std::chrono::steady_clock::now() > deadline) {
                    timed_out.fetch_add(1);
                    break;
                }
                std::this_thread::yield();
            }
        };
        const auto at = rt::time::instant::from_std(std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
        auto a = rt.spawn(meet, std::ref(both), std::ref(timed_out), at);
        auto b = rt.spawn(meet, std::ref(both), std::ref(timed_out), at);
        rt.block_on(std::move(a));
        rt.block_on(std::move(b));
        EXPECT_EQ(timed_out.load(), 0) << "round " << round;
    }
}

TEST(multi_thread, tasks_spawned_by_one_worker_are_stolen_by_the_others) {
    auto rt = multi(2);
    std::atomic<int> ran{0};
    rt.block_on(rt.spawn([](std::atomic<int>& ran) -> rt::task<void> {
        // 100 batches of 100: each batch fits in this worker's local queue, so the other worker
        // can only get at it by stealing.
        for (int batch = 0; batch < 100; ++batch) {
            std::vector<rt::join_handle<void>> hs;
            hs.reserve(100);
            for (int i = 0; i < 100; ++i) {
                hs.push_back(rt::spawn([](std::atomic<int>& ran) -> rt::task<void> {
                    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
                    while (std::chrono::steady_clock::now() < until) {}  // block briefly
                    ran.fetch_add(1);
                    co_return;
                }, std::ref(ran)));
            }
            for (auto& h : hs) co_await h;
        }
    }, std::ref(ran)));
    EXPECT_EQ(ran.load(), 10'000);
    auto m = rt.metrics();
    ASSERT_EQ(m.num_workers(), 2u);
    std::uint64_t steals = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_GT(m.worker_poll_count(i), 0u) << "worker " << i << " ran nothing";
        steals += m.worker_steal_count(i);
    }
    EXPECT_GT(steals, 0u);
}

TEST(multi_thread, a_yield_spinning_task_does_not_starve_a_task_woken_from_another_thread) {
    for (std::size_t workers : {1u, 2u}) {
        auto rt = multi(workers);
        rt_test::manual_signal sig;
        std::atomic<bool> woken{false};
        rt.block_on(rt.spawn([](rt_test::manual_signal sig, std::atomic<bool>& woken) -> rt::task<void> {
            auto waiter = rt::spawn([](rt_test::manual_signal sig, std::atomic<bool>& woken) -> rt::task<void> {
                co_await sig.wait();
                woken = true;
            }, sig, std::ref(woken));
            // Each spinner hogs a worker; the waiter still gets polled when the signal fires.
            std::thread firer([sig] { sig.fire(); });
            long spins = 0;
            while (!woken.load()) {
                co_await rt::yield_now();
                ++spins;
            }
            firer.join();
            co_await waiter;
            EXPECT_GT(spins, 0);
        }, sig, std::ref(woken)));
        EXPECT_TRUE(woken.load()) << workers << " workers";
    }
}

TEST(multi_thread, a_yield_spinning_task_does_not_starve_a_timer) {
    for (std::size_t workers : {1u, 2u}) {
        auto rt = multi(workers);
        auto spins = rt.block_on(rt.spawn([]() -> rt::task<long> {
            auto fired = std::make_shared<std::atomic<bool>>(false);
            auto sleeper = rt::spawn([](std::shared_ptr<std::atomic<bool>> fired) -> rt::task<void> {
                co_await rt::time::sleep(std::chrono::milliseconds(2));
                fired->store(true);
            }, fired);
            long spins = 0;
            while (!fired->load()) {
                co_await rt::yield_now();
                ++spins;
            }
            co_await sleeper;
            co_return spins;
        }));
        EXPECT_GT(spins, 0) << workers << " workers";
    }
}

TEST(multi_thread, block_in_place_keeps_other_tasks_running_on_the_remaining_workers) {
    auto rt = multi(2);
    auto ok = rt.block_on(rt.spawn([]() -> rt::task<bool> {
        auto flag = std::make_shared<std::atomic<bool>>(false);
        // Spawned from this worker: it sits in our LIFO slot until block_in_place hands it over.
        auto setter = rt::spawn([](std::shared_ptr<std::atomic<bool>> flag) -> rt::task<void> {
            flag->store(true);
            co_return;
        }, flag);
        const bool seen = rt::block_in_place([&] {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (!flag->load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
            return flag->load();
        });
        co_await setter;
        co_return seen;
    }));
    EXPECT_TRUE(ok);
}

TEST(multi_thread, block_in_place_may_block_on_a_future_and_is_refused_on_current_thread) {
    auto rt = multi(2);
    auto v = rt.block_on(rt.spawn([]() -> rt::task<int> {
        co_return rt::block_in_place([] {
            return rt::handle::current().block_on(rt::spawn([]() -> rt::task<int> { co_return 7; }));
        });
    }));
    EXPECT_EQ(v, 7);
    auto ct = rt_test::current_thread_runtime();
    EXPECT_THROW(ct.block_on([]() -> rt::task<void> {
        rt::block_in_place([] {});
        co_return;
    }()), rt::usage_error);
}

TEST(multi_thread, builder_hooks_run_on_every_worker_and_the_main_future_runs_on_the_caller) {
    std::atomic<int> started{0}, stopped{0};
    {
        auto rt = rt::runtime::builder()
                      .multi_thread()
                      .worker_threads(3)
                      .thread_name("mt-test")
                      .on_thread_start([&] { started.fetch_add(1); })
                      .on_thread_stop([&] { stopped.fetch_add(1); })
                      .build();
        const auto caller = std::this_thread::get_id();
        auto where = rt.block_on([](std::thread::id caller) -> rt::task<bool> {
            const bool main_on_caller = std::this_thread::get_id() == caller;
            auto worker_id = co_await rt::spawn([]() -> rt::task<std::thread::id> { co_return std::this_thread::get_id(); });
            co_return main_on_caller && worker_id != caller;
        }(caller));
        EXPECT_TRUE(where);
        EXPECT_EQ(rt.metrics().num_workers(), 3u);
    }
    EXPECT_GE(started.load(), 3);
    EXPECT_EQ(started.load(), stopped.load());
}

TEST(multi_thread, many_block_on_calls_and_remote_spawns_from_plain_threads) {
    auto rt = multi(2);
    auto h = rt.get_handle();
    std::vector<std::thread> ts;
    std::atomic<long> sum{0};
    for (int t = 0; t < 4; ++t) {
        ts.emplace_back([&h, &sum, t] {
            for (int i = 0; i < 200; ++i) {
                sum += h.block_on(h.spawn([](int v) -> rt::task<int> {
                    co_await rt::yield_now();
                    co_return v;
                }, t * 1000 + i));
            }
        });
    }
    for (auto& th : ts) th.join();
    long expect = 0;
    for (int t = 0; t < 4; ++t)
        for (int i = 0; i < 200; ++i) expect += t * 1000 + i;
    EXPECT_EQ(sum.load(), expect);
}

}  // namespace
