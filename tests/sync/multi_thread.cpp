// tests/sync/multi_thread.cpp — the same primitives under the multi-thread scheduler with 2 workers:
// many producers/lockers on both workers, counts checked exactly. Skipped (not failed) while
// runtime::builder().multi_thread() is not available yet.
#include "support/rt_test.hpp"

namespace {

namespace mpsc = rt::sync::mpsc;

std::optional<rt::runtime> two_workers() {
    try {
        return rt::runtime::builder().multi_thread().worker_threads(2).build();
    } catch (const rt::usage_error&) {
        return std::nullopt;
    }
}

#define RT_NEED_MULTI_THREAD(rt)                                                         \
    auto rt##_opt = two_workers();                                                       \
    if (!rt##_opt) GTEST_SKIP() << "the multi_thread runtime is not available yet";      \
    auto& rt = *rt##_opt

TEST(sync_multi_thread, four_producer_tasks_one_consumer_counts_exactly) {
    RT_NEED_MULTI_THREAD(rt);
    constexpr std::uint64_t per = 20000;
    auto sum = rt.block_on(rt.spawn([]() -> rt::task<std::uint64_t> {
        auto [tx, rx] = mpsc::channel<std::uint64_t>(64);
        for (std::uint64_t p = 0; p < 4; ++p) {
            rt::spawn([](mpsc::sender<std::uint64_t> tx, std::uint64_t p) -> rt::task<void> {
                for (std::uint64_t i = 0; i < per; ++i) EXPECT_TRUE(co_await tx.send(p * per + i));
            }, tx, p).detach();
        }
        { auto drop = std::move(tx); }
        std::uint64_t sum = 0, count = 0;
        while (auto v = co_await rx.recv()) {
            sum += *v;
            ++count;
        }
        EXPECT_EQ(count, 4 * per);
        co_return sum;
    }));
    EXPECT_EQ(sum, (4 * per) * (4 * per - 1) / 2);
}

TEST(sync_multi_thread, mutex_increments_from_eight_tasks_are_not_lost) {
    RT_NEED_MULTI_THREAD(rt);
    auto m = std::make_shared<rt::sync::mutex<long>>(0);
    rt.block_on(rt.spawn([](std::shared_ptr<rt::sync::mutex<long>> m) -> rt::task<void> {
        std::vector<rt::join_handle<void>> hs;
        for (int t = 0; t < 8; ++t) {
            hs.push_back(rt::spawn([](std::shared_ptr<rt::sync::mutex<long>> m) -> rt::task<void> {
                for (int i = 0; i < 2000; ++i) {
                    auto g = co_await m->lock();
                    *g += 1;
                    if (i % 64 == 0) co_await rt::yield_now();
                }
            }, m));
        }
        for (auto& h : hs) co_await h;
    }, m));
    EXPECT_EQ(m->get_mut(), 16000);
}

TEST(sync_multi_thread, semaphore_never_admits_more_than_its_permits) {
    RT_NEED_MULTI_THREAD(rt);
    auto sem = std::make_shared<rt::sync::semaphore>(8);
    std::atomic<int> inside{0}, worst{0};
    rt.block_on(rt.spawn([](std::shared_ptr<rt::sync::semaphore> sem, std::atomic<int>& inside,
                            std::atomic<int>& worst) -> rt::task<void> {
        std::vector<rt::join_handle<void>> hs;
        for (int t = 0; t < 64; ++t) {
            hs.push_back(rt::spawn([](std::shared_ptr<rt::sync::semaphore> sem, std::atomic<int>& inside,
                                      std::atomic<int>& worst) -> rt::task<void> {
                for (int i = 0; i < 200; ++i) {
                    auto p = co_await sem->acquire();
                    const int now = inside.fetch_add(1) + 1;
                    int w = worst.load();
                    while (now > w && !worst.compare_exchange_weak(w, now)) {
                    }
                    co_await rt::yield_now();
                    inside.fetch_sub(1);
                }
            }, sem, std::ref(inside), std::ref(worst)));
        }
        for (auto& h : hs) co_await h;
    }, sem, std::ref(inside), std::ref(worst)));
    EXPECT_LE(worst.load(), 8);
    EXPECT_EQ(sem->available_permits(), 8u);
}

TEST(sync_multi_thread, broadcast_receivers_on_both_workers_see_every_value) {
    RT_NEED_MULTI_THREAD(rt);
    auto sums = rt.block_on(rt.spawn([]() -> rt::task<std::vector<long>> {
        auto [tx, rx] = rt::sync::broadcast::channel<int>(4096);
        std::vector<rt::join_handle<long>> hs;
        auto sum_all = [](rt::sync::broadcast::receiver<int> rx) -> rt::task<long> {
            long s = 0;
            for (;;) {
                auto r = co_await rx.recv();
                if (!r) co_return s;
                s += *r;
            }
        };
        hs.push_back(rt::spawn(sum_all, tx.subscribe()));
        hs.push_back(rt::spawn(sum_all, std::move(rx)));
        for (int i = 0; i < 3000; ++i) EXPECT_TRUE(tx.send(i));
        { auto drop = std::move(tx); }
        std::vector<long> out;
        for (auto& h : hs) out.push_back(co_await h);
        co_return out;
    }));
    EXPECT_EQ(sums, (std::vector<long>{4498500, 4498500}));
}

}  // namespace
