// tests/runtime/task_exceptions.cpp — exceptions take every path through a coroutine chain and
// arrive once, at the right place: thrown by a leaf on its first poll or on a later re-poll, by a
// void or valued child task before or after it suspended, by a root task (to its join handle),
// and one kept while another travels. Frames keep only a flag for
// an exception in flight (the exception itself waits in a per-thread slot), so these also check
// that nothing stale is rethrown later by a task that finished normally.
#include "support/rt_test.hpp"

namespace {

/// Pending on its first `pending_polls` polls (waking itself each time), then throws `what`,
/// or returns 7 when `what` is null.
struct leaf_after {
    int pending_polls;
    const char* what;
    rt::poll_result<int> poll(rt::context& cx) {
        if (pending_polls-- > 0) {
            cx.waker().wake_by_ref();
            return rt::pending;
        }
        if (what) throw std::runtime_error(what);
        return 7;
    }
};

rt::task<void> void_child(int pending_polls, const char* what) {
    co_await leaf_after{pending_polls, nullptr};
    if (what) throw std::runtime_error(what);
}

rt::task<int> int_child(int pending_polls, const char* what) {
    const int v = co_await leaf_after{pending_polls, nullptr};
    if (what) throw std::runtime_error(what);
    co_return v;
}

/// Awaits `f`, returns the message it threw ("" if it did not).
template <class F>
rt::task<std::string> message_of(F f) {
    try {
        co_await f();
    } catch (const std::runtime_error& e) {
        co_return e.what();
    }
    co_return "";
}

TEST(task_exceptions, a_leaf_throwing_on_its_first_poll_or_on_a_repoll_reaches_the_co_await) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(message_of([]() -> rt::task<int> { co_return co_await leaf_after{0, "first"}; })), "first");
    EXPECT_EQ(rt.block_on(message_of([]() -> rt::task<int> { co_return co_await leaf_after{2, "repoll"}; })), "repoll");
}

TEST(task_exceptions, a_void_or_valued_child_throwing_before_or_after_suspending_reaches_its_parent) {
    auto rt = rt_test::current_thread_runtime();
    EXPECT_EQ(rt.block_on(message_of([] { return void_child(0, "void at once"); })), "void at once");
    EXPECT_EQ(rt.block_on(message_of([] { return void_child(3, "void later"); })), "void later");
    EXPECT_EQ(rt.block_on(message_of([] { return int_child(0, "int at once"); })), "int at once");
    EXPECT_EQ(rt.block_on(message_of([] { return int_child(3, "int later"); })), "int later");
}

TEST(task_exceptions, after_a_caught_exception_later_awaits_complete_normally) {
    auto rt = rt_test::current_thread_runtime();
    auto results = rt.block_on([]() -> rt::task<std::vector<int>> {
        std::vector<int> got;
        for (int i = 0; i < 4; ++i) {
            try {
                co_await void_child(i, "x");
            } catch (const std::runtime_error&) {
                got.push_back(-1);
            }
            co_await void_child(i, nullptr);  // must not rethrow the exception caught above
            const int from_child = co_await int_child(i, nullptr);
            got.push_back(from_child);
            const int from_leaf = co_await leaf_after{i, nullptr};
            got.push_back(from_leaf);
        }
        co_return got;
    }());
    EXPECT_EQ(results, (std::vector<int>{-1, 7, 7, -1, 7, 7, -1, 7, 7, -1, 7, 7}));
}

TEST(task_exceptions, an_exception_kept_across_another_throwing_await_stays_intact) {
    // (C++ forbids co_await inside a handler: the first exception is kept as an exception_ptr
    // while a second one travels the same per-thread slot.)
    auto rt = rt_test::current_thread_runtime();
    auto log = rt.block_on([]() -> rt::task<std::string> {
        std::string log;
        std::exception_ptr kept;
        try {
            co_await void_child(1, "outer");
        } catch (...) {
            kept = std::current_exception();
        }
        try {
            co_await int_child(2, "inner");
        } catch (const std::runtime_error& inner) {
            log += inner.what();
        }
        const int after = co_await int_child(1, nullptr);
        try {
            std::rethrow_exception(kept);
        } catch (const std::runtime_error& outer) {
            log += std::string("+") + outer.what() + "+" + std::to_string(after);
        }
        co_return log;
    }());
    EXPECT_EQ(log, "inner+outer+7");
}

TEST(task_exceptions, a_spawned_void_task_that_throws_hands_the_exception_to_its_join_handle_only) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto failing = rt::spawn(void_child, 2, "spawned");
        auto fine = rt::spawn(void_child, 3, nullptr);
        bool threw = false;
        try {
            co_await failing;
        } catch (const std::runtime_error& e) {
            threw = std::string(e.what()) == "spawned";
        }
        EXPECT_TRUE(threw);
        co_await fine;  // completes normally
    }());
}

TEST(task_exceptions, tasks_on_two_workers_throwing_concurrently_each_get_their_own) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    auto ok = rt.block_on([]() -> rt::task<int> {
        std::vector<rt::join_handle<std::string>> hs;
        for (int i = 0; i < 200; ++i) {
            hs.push_back(rt::spawn([](int i) -> rt::task<std::string> {
                const std::string mine = "task " + std::to_string(i);
                try {
                    co_await int_child(i % 3, mine.c_str());
                } catch (const std::runtime_error& e) {
                    co_return e.what();
                }
                co_return "";
            }, i));
        }
        int matched = 0;
        for (int i = 0; i < 200; ++i) {
            const std::string expected = "task " + std::to_string(i);
            const std::string got = co_await hs[i];
            matched += got == expected;
        }
        co_return matched;
    }());
    EXPECT_EQ(ok, 200);
}

}  // namespace
