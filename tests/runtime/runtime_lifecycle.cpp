// tests/runtime/runtime_lifecycle.cpp — block_on rules and clean shutdown: destroying a runtime
// cancels every unfinished task (destructors run, nothing leaks; ASan checks the leaks).
#include "support/rt_test.hpp"

namespace {

TEST(runtime_lifecycle, nested_block_on_is_refused_with_a_clear_error) {
    auto outer = rt_test::current_thread_runtime();
    auto inner = rt_test::current_thread_runtime();
    outer.block_on([](rt::runtime& inner) -> rt::task<void> {
        try {
            inner.block_on([]() -> rt::task<void> { co_return; }());
            ADD_FAILURE() << "nested block_on did not throw";
        } catch (const rt::usage_error& e) {
            EXPECT_NE(std::string(e.what()).find("from within a runtime"), std::string::npos);
        }
        co_return;
    }(inner));
    // The refused call left both runtimes usable.
    EXPECT_EQ(inner.block_on([]() -> rt::task<int> { co_return 3; }()), 3);
}

TEST(runtime_lifecycle, dropping_a_runtime_destroys_pending_tasks) {
    std::atomic<int> drops{0};
    rt_test::manual_signal never_fired;
    {
        auto rt = rt_test::current_thread_runtime();
        for (int i = 0; i < 1000; ++i) {
            rt.spawn([](rt_test::drop_counter d, rt_test::manual_signal s) -> rt::task<void> {
                auto keep = std::move(d);
                co_await s.wait();
            }, rt_test::drop_counter(drops), never_fired).detach();
        }
        // Half of them get to run and park; the other half were never polled.
        rt.block_on([]() -> rt::task<void> { co_await rt::yield_now(); }());
        EXPECT_EQ(drops.load(), 0);
    }
    EXPECT_EQ(drops.load(), 1000);
}

TEST(runtime_lifecycle, join_handle_outliving_the_runtime_reports_cancelled) {
    std::optional<rt::join_handle<int>> h;
    {
        auto rt = rt_test::current_thread_runtime();
        h = rt.spawn([]() -> rt::task<int> {
            co_await rt_test::never{};
            co_return 1;
        });
    }
    EXPECT_TRUE(h->is_finished());
    auto other = rt_test::current_thread_runtime();
    EXPECT_THROW(other.block_on(std::move(*h)), rt::cancelled_error);
}

TEST(runtime_lifecycle, spawn_after_shutdown_is_cancelled_not_run) {
    auto rt = rt_test::current_thread_runtime();
    rt::handle h = rt.get_handle();
    rt.shutdown();
    bool ran = false;
    auto jh = h.spawn([](bool& ran) -> rt::task<void> {
        ran = true;
        co_return;
    }, std::ref(ran));
    EXPECT_TRUE(jh.is_finished());
    EXPECT_FALSE(ran);
    // block_on still drives a future that needs nothing from the runtime (issue 14 item 13).
    EXPECT_EQ(rt.block_on([]() -> rt::task<int> { co_return 4; }()), 4);
}

TEST(runtime_lifecycle, destructors_that_spawn_during_shutdown_do_not_hang) {
    std::atomic<int> drops{0};
    {
        auto rt = rt_test::current_thread_runtime();
        struct spawns_on_drop {
            std::atomic<int>* drops;
            ~spawns_on_drop() {
                if (auto h = rt::handle::try_current()) {
                    h->spawn([]() -> rt::task<void> { co_return; }).detach();
                }
                drops->fetch_add(1);
            }
        };
        rt.spawn([](std::atomic<int>* d) -> rt::task<void> {
            spawns_on_drop guard{d};
            co_await rt_test::never{};
        }, &drops).detach();
        rt.block_on([]() -> rt::task<void> { co_await rt::yield_now(); }());
    }
    EXPECT_EQ(drops.load(), 1);
}

TEST(runtime_lifecycle, handle_current_inside_block_on_spawns_onto_the_same_runtime) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on([]() -> rt::task<int> {
        rt::handle h = rt::handle::current();
        co_return co_await h.spawn([]() -> rt::task<int> { co_return 9; });
    }()), 9);
}

TEST(runtime_lifecycle, yield_now_lets_other_tasks_run_first) {
    auto rt = rt_test::current_thread_runtime();
    std::vector<int> order;
    rt.block_on([](std::vector<int>& order) -> rt::task<void> {
        auto h = rt::spawn([](std::vector<int>& order) -> rt::task<void> {
            order.push_back(2);
            co_return;
        }, std::ref(order));
        order.push_back(1);
        co_await rt::yield_now();
        order.push_back(3);
        co_await h;
    }(order));
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

}  // namespace
