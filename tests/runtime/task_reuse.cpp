// tests/runtime/task_reuse.cpp — an rt::task is consumed by the co_await (or poll) that completes
// it: every later use of it — a second co_await, spawn, block_on, timeout — throws
// rt::usage_error instead of resuming freed or foreign frames (issue #14, item 2). So does
// awaiting a task that another coroutine is awaiting right now.
#include "support/rt_test.hpp"

namespace {

using namespace std::chrono_literals;

rt::task<int> plus_one(int v) {
    co_await rt::yield_now();
    co_return v + 1;
}

rt::task<void> yields_once() { co_await rt::yield_now(); }

// Issue #14 item 2: an lvalue task awaited a second time after it completed as a child (before the
// fix: the second await drove the finished child as a root and resumed the parent re-entrantly).
TEST(task_reuse, awaiting_a_completed_task_again_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::task<int> t = plus_one(1);
        EXPECT_EQ(co_await t, 2);
        EXPECT_FALSE(t.valid());  // the frame went with the result
        EXPECT_THROW((void)(co_await t), rt::usage_error);
        EXPECT_THROW((void)(co_await t), rt::usage_error);  // and stays so

        rt::task<void> v = yields_once();
        co_await v;
        EXPECT_THROW((void)(co_await v), rt::usage_error);
    }());
}

// Issue #14 item 2: a task that threw is consumed by the await that rethrew it, too.
TEST(task_reuse, awaiting_a_task_that_threw_again_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto thrower = []() -> rt::task<int> {
            co_await rt::yield_now();
            throw std::runtime_error("boom");
        };
        rt::task<int> t = thrower();
        EXPECT_THROW(co_await t, std::runtime_error);
        EXPECT_THROW((void)(co_await t), rt::usage_error);
    }());
}

// Issue #14 item 2: spawning a task that was already awaited to completion.
TEST(task_reuse, spawning_a_consumed_task_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::task<int> t = plus_one(1);
        EXPECT_EQ(co_await t, 2);
        EXPECT_THROW((void)rt::spawn(std::move(t)), rt::usage_error);
        rt::task<int> moved_from = plus_one(5);
        rt::task<int> taker = std::move(moved_from);
        EXPECT_THROW((void)rt::spawn(std::move(moved_from)), rt::usage_error);
        EXPECT_EQ(co_await rt::spawn(std::move(taker)), 6);  // the live one still spawns fine
    }());
}

// Issue #14 item 2: block_on (rvalue and lvalue) of a task that was already awaited.
TEST(task_reuse, block_on_of_a_consumed_task_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt::task<int> t = plus_one(1);
    rt.block_on([](rt::task<int>& t) -> rt::task<void> { EXPECT_EQ(co_await t, 2); }(t));
    EXPECT_THROW(rt.block_on(t), rt::usage_error);
    EXPECT_THROW(rt.block_on(std::move(t)), rt::usage_error);
    EXPECT_THROW(rt.get_handle().block_on(t), rt::usage_error);
    EXPECT_EQ(rt.block_on(plus_one(2)), 3);  // the runtime is still usable
}

// Issue #14 item 2: timeout around a task that was already awaited.
TEST(task_reuse, timeout_of_a_consumed_task_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::task<int> t = plus_one(1);
        EXPECT_EQ(co_await t, 2);
        EXPECT_THROW((void)(co_await rt::time::timeout(1s, std::move(t))), rt::usage_error);
    }());
}

// Issue #14 item 2: a task another coroutine is awaiting right now (it runs as that coroutine's
// child) cannot be awaited, polled or spawned by anyone else.
TEST(task_reuse, awaiting_a_task_that_runs_as_another_child_throws_usage_error) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal go;
    rt.block_on([](rt_test::manual_signal go) -> rt::task<void> {
        rt::task<void> t = [](rt_test::manual_signal go) -> rt::task<void> { co_await go.wait(); }(go);
        auto first = rt::spawn([](rt::task<void>& t) -> rt::task<void> { co_await t; }, std::ref(t));
        co_await rt::yield_now();  // `first` runs and suspends inside t
        EXPECT_EQ(go.polls(), 1);
        EXPECT_THROW((void)(co_await t), rt::usage_error);
        go.fire();
        co_await first;
        EXPECT_THROW((void)(co_await t), rt::usage_error);  // and once it completed
    }(go));
}

}  // namespace
