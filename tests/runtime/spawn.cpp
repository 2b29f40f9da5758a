// tests/runtime/spawn.cpp — spawn keeps the callable and arguments alive, join handles give values,
// exceptions and ids, and a million tasks complete.
#include "support/rt_test.hpp"

namespace {

// A million tasks takes ~50 s under ThreadSanitizer; the behaviour is the same at 100,000.
#if defined(__SANITIZE_THREAD__)
constexpr int million_or_less = 100'000;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr int million_or_less = 100'000;
#else
constexpr int million_or_less = 1'000'000;
#endif
#else
constexpr int million_or_less = 1'000'000;
#endif

TEST(spawn, capturing_lambda_outlives_its_temporary) {
    auto rt = rt_test::current_thread_runtime();
    auto h = [&] {
        std::string captured = "still here";
        // The lambda object is a temporary destroyed at the end of this statement; the task
        // must own a copy of it.
        return rt.spawn([captured]() -> rt::task<std::string> {
            co_await rt::yield_now();
            co_return captured;
        });
    }();
    EXPECT_EQ(rt.block_on(std::move(h)), "still here");
}

TEST(spawn, arguments_are_stored_with_the_task) {
    auto rt = rt_test::current_thread_runtime();
    auto h = rt.spawn([](const std::string& s, std::unique_ptr<int> p) -> rt::task<std::size_t> {
        co_await rt::yield_now();
        co_return s.size() + static_cast<std::size_t>(*p);
    }, std::string("abc"), std::make_unique<int>(4));
    EXPECT_EQ(rt.block_on(std::move(h)), 7u);
}

TEST(spawn, join_handle_rethrows_the_task_exception) {
    auto rt = rt_test::current_thread_runtime();
    auto h = rt.spawn([]() -> rt::task<int> {
        co_await rt::yield_now();
        throw std::out_of_range("from the task");
    });
    EXPECT_THROW(rt.block_on(std::move(h)), std::out_of_range);
}

TEST(spawn, awaiting_a_join_handle_twice_is_a_clear_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto h = rt::spawn([]() -> rt::task<int> { co_return 1; });
        EXPECT_EQ(co_await h, 1);
        EXPECT_THROW(co_await h, rt::usage_error);
    }());
}

TEST(spawn, task_ids_are_unique_and_visible_inside_the_task) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto a = rt::spawn([]() -> rt::task<rt::task_id> { co_return rt::current_task_id(); });
        auto b = rt::spawn([]() -> rt::task<rt::task_id> { co_return rt::current_task_id(); });
        const auto ida = a.id();
        const auto idb = b.id();
        EXPECT_NE(ida, idb);
        EXPECT_EQ(co_await a, ida);
        EXPECT_EQ(co_await b, idb);
    }());
}

TEST(spawn, a_million_tasks_complete) {
    auto rt = rt_test::current_thread_runtime();
    const std::uint64_t total = rt.block_on([]() -> rt::task<std::uint64_t> {
        constexpr int n = million_or_less;
        std::vector<rt::join_handle<int>> handles;
        handles.reserve(n);
        for (int i = 0; i < n; ++i) handles.push_back(rt::spawn([](int v) -> rt::task<int> { co_return v & 1; }, i));
        std::uint64_t sum = 0;
        for (auto& h : handles) sum += static_cast<std::uint64_t>(co_await h);
        co_return sum;
    }());
    EXPECT_EQ(total, static_cast<std::uint64_t>(million_or_less / 2));
}

TEST(spawn, detached_tasks_still_run) {
    auto rt = rt_test::current_thread_runtime();
    auto count = std::make_shared<int>(0);
    rt.block_on([](std::shared_ptr<int> count) -> rt::task<void> {
        for (int i = 0; i < 100; ++i) {
            rt::spawn([](std::shared_ptr<int> c) -> rt::task<void> {
                ++*c;
                co_return;
            }, count).detach();
        }
        while (*count < 100) co_await rt::yield_now();
    }(count));
    EXPECT_EQ(*count, 100);
}

TEST(spawn, spawn_outside_a_runtime_is_a_clear_error) {
    EXPECT_THROW((void)rt::spawn([]() -> rt::task<void> { co_return; }), rt::usage_error);
    EXPECT_THROW((void)rt::handle::current(), rt::usage_error);
    EXPECT_FALSE(rt::handle::try_current().has_value());
}

TEST(spawn, wake_from_another_thread_reaches_the_runtime) {
    auto rt = rt_test::current_thread_runtime();
    rt_test::manual_signal sig;
    std::thread firer;
    rt.block_on([](rt_test::manual_signal s, std::thread& firer) -> rt::task<void> {
        auto h = rt::spawn([](rt_test::manual_signal s) -> rt::task<int> {
            co_await s.wait();
            co_return 7;
        }, s);
        firer = std::thread([s] { s.fire(); });
        EXPECT_EQ(co_await h, 7);
    }(sig, firer));
    firer.join();
}

TEST(spawn, handle_spawns_from_another_thread) {
    auto rt = rt_test::current_thread_runtime();
    rt::handle h = rt.get_handle();
    rt_test::manual_signal done;
    std::thread other([h, done] {
        h.spawn([](rt_test::manual_signal d) -> rt::task<void> {
            d.fire();
            co_return;
        }, done).detach();
    });
    rt.block_on(done.wait());
    other.join();
}

}  // namespace
