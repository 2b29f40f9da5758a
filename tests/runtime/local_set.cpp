// tests/runtime/local_set.cpp — rt::local_set / rt::spawn_local: local tasks run only on the set's
// thread (also when woken from other threads), share non-thread-safe state, can be joined from any
// task, aborted, and are destroyed with the set; on both runtime flavours.
#include "support/rt_test.hpp"

namespace {

rt::runtime make(bool multi) {
    if (multi) return rt::runtime::builder().multi_thread().worker_threads(2).build();
    return rt_test::current_thread_runtime();
}

TEST(local_set, tasks_run_on_the_thread_that_drives_the_set) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt::local_set set;
        const std::thread::id me = std::this_thread::get_id();
        std::vector<std::thread::id> seen;  // plain vector: only the set's thread touches it
        auto main = [&]() -> rt::task<void> {
            std::vector<rt::join_handle<void>> hs;
            for (int i = 0; i < 20; ++i) {
                hs.push_back(rt::spawn_local([&]() -> rt::task<void> {
                    seen.push_back(std::this_thread::get_id());
                    co_await rt::yield_now();
                    seen.push_back(std::this_thread::get_id());
                }));
            }
            for (auto& h : hs) co_await h;
        };
        rt.block_on(set.run_until(main()));
        ASSERT_EQ(seen.size(), 40u) << "multi=" << multi;
        for (auto id : seen) EXPECT_EQ(id, me) << "multi=" << multi;
    }
}

TEST(local_set, a_plain_counter_is_shared_by_local_tasks_and_awaiting_the_set_runs_them_all) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt::local_set set;
        long counter = 0;  // not atomic: local tasks never run concurrently
        for (int i = 0; i < 100; ++i) {
            (void)set.spawn_local([&counter]() -> rt::task<void> {
                for (int k = 0; k < 10; ++k) {
                    ++counter;
                    co_await rt::yield_now();
                }
            });
        }
        EXPECT_EQ(set.len(), 100u);
        rt.block_on(set);  // runs until every task of the set finished
        EXPECT_EQ(counter, 1000) << "multi=" << multi;
        EXPECT_TRUE(set.is_empty());
    }
}

TEST(local_set, spawn_local_outside_a_set_is_a_usage_error) {
    EXPECT_THROW((void)rt::spawn_local([]() -> rt::task<void> { co_return; }), rt::usage_error);
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        EXPECT_THROW((void)rt::spawn_local([]() -> rt::task<void> { co_return; }), rt::usage_error);
        co_return;
    }());
}

TEST(local_set, a_task_woken_from_other_threads_resumes_on_the_set_thread) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt::local_set set;
        const std::thread::id me = std::this_thread::get_id();
        rt_test::manual_signal from_thread, from_worker;
        std::vector<std::thread::id> resumed;
        auto local = set.spawn_local([&]() -> rt::task<int> {
            auto from_thread_wait = from_thread.wait();  // named: g++-12 PR 99576
            co_await from_thread_wait;
            resumed.push_back(std::this_thread::get_id());
            auto from_worker_wait = from_worker.wait();  // named: g++-12 PR 99576
            co_await from_worker_wait;
            resumed.push_back(std::this_thread::get_id());
            co_return 7;
        });
        // Each waker fires once the local task is (almost surely) parked on it.
        std::thread t([&] {
            while (from_thread.polls() == 0) std::this_thread::yield();
            from_thread.fire();
        });
        // A runtime task (on a worker in the multi-thread flavour) wakes the second wait.
        auto fire = rt.spawn([&]() -> rt::task<void> {
            while (from_worker.polls() == 0) co_await rt::yield_now();
            from_worker.fire();
        });
        const int v = rt.block_on(set.run_until(std::move(local)));
        t.join();
        rt.block_on(std::move(fire));
        EXPECT_EQ(v, 7);
        ASSERT_EQ(resumed.size(), 2u);
        EXPECT_EQ(resumed[0], me);
        EXPECT_EQ(resumed[1], me);
    }
}

TEST(local_set, a_local_join_handle_is_awaitable_from_a_runtime_task) {
    auto rt = make(true);
    rt::local_set set;
    rt_test::manual_signal go;
    auto local = set.spawn_local([&]() -> rt::task<std::string> {
        auto go_wait = go.wait();  // named: g++-12 PR 99576
        co_await go_wait;
        co_return std::string("local");
    });
    // Awaited on a worker thread while the set runs on this one.
    auto joiner = rt.spawn([h = std::move(local)]() mutable -> rt::task<std::string> { co_return co_await h; });
    go.fire();
    rt.block_on(set);
    EXPECT_EQ(rt.block_on(std::move(joiner)), "local");
}

TEST(local_set, run_until_is_awaitable_from_a_task_and_spawn_local_works_inside_it) {
    auto rt = rt_test::current_thread_runtime();
    auto outer = rt.spawn([]() -> rt::task<int> {
        rt::local_set set;
        auto body = []() -> rt::task<int> {
            auto a = rt::spawn_local([]() -> rt::task<int> {
                // A local task may spawn more local tasks.
                auto b = rt::spawn_local([]() -> rt::task<int> { co_return 2; });
                co_return 1 + co_await b;
            });
            co_return co_await a;
        };
        auto until = set.run_until(body());
        co_return co_await until;
    });
    EXPECT_EQ(rt.block_on(std::move(outer)), 3);
}

TEST(local_set, abort_cancels_a_local_task_on_the_set_thread) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        rt::local_set set;
        std::atomic<int> drops{0};
        std::thread::id dropped_on;
        struct note_thread {
            std::thread::id* where;
            ~note_thread() { *where = std::this_thread::get_id(); }
        };
        rt_test::manual_signal started;
        auto h = set.spawn_local([&, guard = rt_test::drop_counter(drops)]() -> rt::task<void> {
            note_thread n{&dropped_on};
            started.fire();
            co_await rt_test::never{};
        });
        auto main = [&]() -> rt::task<bool> {
            auto started_wait = started.wait();  // named: g++-12 PR 99576
            co_await started_wait;
            // Abort from another thread: the cancellation still runs on the set's thread.
            std::thread([ah = h.get_abort_handle()] { ah.abort(); }).join();
            try {
                co_await h;
            } catch (const rt::cancelled_error&) {
                co_return true;
            }
            co_return false;
        };
        EXPECT_TRUE(rt.block_on(set.run_until(main()))) << "multi=" << multi;
        EXPECT_EQ(drops.load(), 1);
        EXPECT_EQ(dropped_on, std::this_thread::get_id());
        EXPECT_TRUE(set.is_empty());
    }
}

TEST(local_set, dropping_the_set_destroys_unfinished_tasks) {
    for (bool multi : {false, true}) {
        auto rt = make(multi);
        std::atomic<int> drops{0};
        rt::join_handle<void> parked, never_ran;
        {
            rt::local_set set;
            rt_test::manual_signal started;
            parked = set.spawn_local([&, g = rt_test::drop_counter(drops)]() -> rt::task<void> {
                started.fire();
                co_await rt_test::never{};
            });
            rt.block_on(set.run_until(started.wait()));
            never_ran = set.spawn_local([g = rt_test::drop_counter(drops)]() -> rt::task<void> { co_return; });
            EXPECT_EQ(set.len(), 2u);
        }
        EXPECT_EQ(drops.load(), 2) << "multi=" << multi;
        EXPECT_THROW(rt.block_on(std::move(parked)), rt::cancelled_error);
        EXPECT_THROW(rt.block_on(std::move(never_ran)), rt::cancelled_error);
    }
}

TEST(local_set, driving_the_set_from_a_second_thread_is_a_usage_error) {
    auto rt = make(true);
    rt::local_set set;
    rt.block_on(set.run_until([]() -> rt::task<void> { co_return; }()));
    std::thread other([&] {
        EXPECT_THROW(rt.block_on(set.run_until([]() -> rt::task<void> { co_return; }())), rt::usage_error);
    });
    other.join();
}

TEST(local_set, exceptions_of_local_tasks_reach_their_join_handles) {
    auto rt = rt_test::current_thread_runtime();
    rt::local_set set;
    auto h = set.spawn_local([]() -> rt::task<int> {
        co_await rt::yield_now();
        throw std::out_of_range("local");
    });
    EXPECT_THROW(rt.block_on(set.run_until(std::move(h))), std::out_of_range);
}

}  // namespace
