// tests/runtime/frame_arena.cpp — a spawned lambda's root frame lives inside its task cell (one
// allocation per task); every way a task ends frees it correctly, and a callable that creates some
// other coroutine before its root one still works (ASan/TSan builds check the memory).
#include "support/rt_test.hpp"

namespace {

rt::task<int> plus_one(int v) {
    co_await rt::yield_now();
    co_return v + 1;
}

TEST(frame_arena, repeated_spawns_of_one_lambda_type_complete_abort_and_throw) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt_test::manual_signal never;
    rt.block_on([](std::atomic<int>& drops, rt_test::manual_signal never) -> rt::task<void> {
        for (int round = 0; round < 3; ++round) {  // round 0 learns the frame size, later rounds use it
            auto body = [](int i, rt_test::drop_counter d, rt_test::manual_signal s) -> rt::task<int> {
                auto keep = std::move(d);
                if (i % 3 == 1) co_await s.wait();  // stays pending until aborted
                if (i % 3 == 2) throw std::runtime_error("odd one");
                co_return i;
            };
            std::vector<rt::join_handle<int>> hs;
            for (int i = 0; i < 30; ++i) hs.push_back(rt::spawn(body, i, rt_test::drop_counter(drops), never));
            co_await rt::yield_now();
            for (int i = 0; i < 30; ++i) {
                if (i % 3 == 1) hs[i].abort();
            }
            for (int i = 0; i < 30; ++i) {
                if (i % 3 == 0) {
                    EXPECT_EQ(co_await hs[i], i);
                } else if (i % 3 == 1) {
                    EXPECT_THROW(co_await hs[i], rt::cancelled_error);
                } else {
                    EXPECT_THROW(co_await hs[i], std::runtime_error);
                }
            }
        }
        EXPECT_EQ(drops.load(), 90);
    }(drops, never));
}

// A functor that is not a coroutine itself: it creates one coroutine (which may take the offered
// room in the cell) and then returns a different one that owns it.
struct composes_two {
    rt::task<int> operator()(int v) const {
        rt::task<int> inner = plus_one(v);
        return [](rt::task<int> t) -> rt::task<int> { co_return co_await t; }(std::move(inner));
    }
};

TEST(frame_arena, a_callable_that_creates_another_coroutine_first_still_works) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        for (int round = 0; round < 4; ++round) {
            std::vector<rt::join_handle<int>> hs;
            for (int i = 0; i < 10; ++i) hs.push_back(rt::spawn(composes_two{}, i));
            for (int i = 0; i < 10; ++i) EXPECT_EQ(co_await hs[i], i + 1);
        }
    }());
}

TEST(frame_arena, tasks_pending_at_shutdown_free_their_frames) {
    std::atomic<int> drops{0};
    rt_test::manual_signal never;
    {
        auto rt = rt_test::current_thread_runtime();
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 50; ++i) {
                rt.spawn([](rt_test::drop_counter d, rt_test::manual_signal s) -> rt::task<void> {
                    auto keep = std::move(d);
                    co_await s.wait();
                }, rt_test::drop_counter(drops), never).detach();
            }
            rt.block_on([]() -> rt::task<void> { co_await rt::yield_now(); }());
        }
    }
    EXPECT_EQ(drops.load(), 100);
}

}  // namespace
