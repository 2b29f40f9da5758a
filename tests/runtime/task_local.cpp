// tests/runtime/task_local.cpp — task_local values follow the future they are scoped to, across
// workers and suspensions, nest, stay readable in destructors, and are absent outside a scope.
#include "support/rt_test.hpp"

namespace {

inline const rt::task_local<int> request_id;

struct reads_on_drop {
    std::atomic<int>* seen;
    reads_on_drop(std::atomic<int>& s) : seen(&s) {}
    reads_on_drop(reads_on_drop&& o) noexcept : seen(std::exchange(o.seen, nullptr)) {}
    ~reads_on_drop() {
        if (seen) {
            int* v = request_id.try_get();
            seen->store(v ? *v : -1);
        }
    }
};

TEST(task_local, scoped_value_follows_the_task_across_suspensions_and_workers) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    auto ok = rt.block_on(rt.spawn([]() -> rt::task<bool> {
        rt::join_set<bool> set;
        for (int id = 0; id < 50; ++id) {
            set.spawn(request_id.scope(id, [](int id) -> rt::task<bool> {
                bool ok = true;
                for (int k = 0; k < 20; ++k) {
                    co_await rt::yield_now();  // may resume on the other worker
                    ok = ok && request_id.get() == id;
                }
                co_return ok;
            }(id)));
        }
        bool all = true;
        while (auto r = co_await set.join_next()) all = all && *r;
        co_return all;
    }));
    EXPECT_TRUE(ok);
    EXPECT_EQ(request_id.try_get(), nullptr);
    EXPECT_THROW((void)request_id.get(), rt::usage_error);
}

TEST(task_local, scopes_nest_and_the_value_is_readable_in_destructors_on_abort) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> seen{0};
    rt.block_on([](std::atomic<int>& seen) -> rt::task<void> {
        const int inner = co_await request_id.scope(1, []() -> rt::task<int> {
            const int outer = request_id.get();
            const int nested = co_await request_id.scope(2, []() -> rt::task<int> { co_return request_id.get(); }());
            EXPECT_EQ(request_id.get(), outer);
            co_return nested;
        }());
        EXPECT_EQ(inner, 2);
        EXPECT_EQ(request_id.sync_scope(9, [] { return request_id.get(); }), 9);

        auto h = rt::spawn(request_id.scope(33, [](reads_on_drop guard) -> rt::task<void> {
            reads_on_drop mine = std::move(guard);
            co_await rt_test::never{};
        }(reads_on_drop(seen))));
        co_await rt::yield_now();
        h.abort();
        EXPECT_THROW(co_await h, rt::cancelled_error);
    }(seen));
    EXPECT_EQ(seen.load(), 33);
}

}  // namespace
