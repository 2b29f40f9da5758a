// tests/runtime/builder_options.cpp — runtime::builder options observable from outside: rng_seed
// makes the runtime's random choices reproducible, thread_name and thread_stack_size reach the
// worker threads, on_thread_start/stop run once per thread, the tick intervals are accepted.
#include "support/rt_test.hpp"

namespace {

rt::runtime::builder flavour(bool multi) {
    auto b = rt::runtime::builder();
    if (multi) {
        b.multi_thread().worker_threads(2);
    } else {
        b.current_thread();
    }
    return b;
}

// 64 unbiased selects between two ready futures: which one starts (so wins) comes from the
// seeded generator of the thread the task runs on.
rt::task<std::string> select_bits() {
    std::string bits;
    for (int i = 0; i < 64; ++i) {
        auto a = []() -> rt::task<int> { co_return 0; }();
        auto b = []() -> rt::task<int> { co_return 1; }();
        auto sel = rt::select(std::move(a), std::move(b));  // named: g++-12 PR 99576
        auto r = co_await sel;
        bits += r.index() == 0 ? '0' : '1';
    }
    co_return bits;
}

// The pattern of the block_on thread.
std::string select_pattern(rt::runtime& rt) { return rt.block_on(select_bits()); }

TEST(builder_options, rng_seed_makes_the_select_order_reproducible) {
    for (bool multi : {false, true}) {
        auto r1 = flavour(multi).rng_seed(42).build();
        auto r2 = flavour(multi).rng_seed(42).build();
        auto r3 = flavour(multi).rng_seed(43).build();
        const std::string p1 = select_pattern(r1);
        EXPECT_EQ(p1, select_pattern(r2)) << "same seed, same choices; multi=" << multi;
        EXPECT_NE(p1, select_pattern(r3)) << "another seed, other choices; multi=" << multi;
        EXPECT_NE(p1.find('0'), std::string::npos);
        EXPECT_NE(p1.find('1'), std::string::npos);
    }
}

TEST(builder_options, rng_seed_also_seeds_tasks_of_the_current_thread_runtime) {
    auto pattern_in_task = [](std::uint64_t seed) {
        auto rt = rt::runtime::builder().current_thread().rng_seed(seed).build();
        auto h = rt.spawn(&select_bits);
        return rt.block_on(std::move(h));
    };
    EXPECT_EQ(pattern_in_task(7), pattern_in_task(7));
    EXPECT_NE(pattern_in_task(7), pattern_in_task(8));
}

std::string this_thread_name() {
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return name;
}

std::size_t this_thread_stack_size() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    std::size_t size = 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
}

TEST(builder_options, thread_name_and_stack_size_reach_the_workers_and_blocking_threads) {
    constexpr std::size_t stack = 3 * 1024 * 1024;
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).thread_name("rt-custom").thread_stack_size(stack).build();
    auto h = rt.spawn([]() -> rt::task<std::pair<std::string, std::size_t>> {
        co_return std::pair{this_thread_name(), this_thread_stack_size()};
    });
    auto [name, size] = rt.block_on(std::move(h));
    EXPECT_EQ(name, "rt-custom");
    // At least the requested size. No upper bound: glibc hands a new thread a cached stack of up
    // to 4x the request (e.g. the 8 MiB stack of a std::thread an earlier test joined).
    EXPECT_GE(size, stack);
    auto b = rt.spawn_blocking([] { return std::pair{this_thread_name(), this_thread_stack_size()}; });
    auto [bname, bsize] = rt.block_on(std::move(b));
    EXPECT_EQ(bname, "rt-custom");
    EXPECT_GE(bsize, stack);
}

TEST(builder_options, on_thread_start_and_stop_run_once_per_runtime_thread) {
    std::atomic<int> started{0}, stopped{0};
    std::mutex mu;
    std::set<std::thread::id> start_threads;
    {
        auto rt = rt::runtime::builder()
                      .multi_thread()
                      .worker_threads(3)
                      .on_thread_start([&] {
                          started.fetch_add(1);
                          std::lock_guard<std::mutex> lock(mu);
                          start_threads.insert(std::this_thread::get_id());
                      })
                      .on_thread_stop([&] { stopped.fetch_add(1); })
                      .build();
        // One blocking thread on top of the three workers.
        rt.block_on(rt.spawn_blocking([] { return 1; }));
    }
    EXPECT_EQ(started.load(), 4);
    EXPECT_EQ(stopped.load(), 4);
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(start_threads.size(), 4u) << "each thread ran the hook itself";
    EXPECT_EQ(start_threads.count(std::this_thread::get_id()), 0u);
}

TEST(builder_options, extreme_tick_intervals_are_accepted_and_all_work_completes) {
    for (bool multi : {false, true}) {
        for (std::uint32_t interval : {0u, 1u, 2u, 1000u}) {  // 0 is clamped to 1
            auto rt = flavour(multi).event_interval(interval).global_queue_interval(interval).build();
            std::atomic<int> done{0};
            rt::handle h = rt.get_handle();
            // Local spawns (worker / core queue) and remote spawns (injection queue) mixed.
            std::thread remote([&] {
                for (int i = 0; i < 50; ++i) (void)h.spawn([&]() -> rt::task<void> {
                    co_await rt::yield_now();
                    done.fetch_add(1);
                });
            });
            rt.block_on([&]() -> rt::task<void> {
                std::vector<rt::join_handle<void>> hs;
                for (int i = 0; i < 50; ++i) {
                    hs.push_back(rt::spawn([&]() -> rt::task<void> {
                        co_await rt::yield_now();
                        done.fetch_add(1);
                    }));
                }
                for (auto& j : hs) co_await j;
            }());
            remote.join();
            rt.block_on([&]() -> rt::task<void> {
                while (done.load() < 100) co_await rt::yield_now();
            }());
            EXPECT_EQ(done.load(), 100) << "multi=" << multi << " interval=" << interval;
        }
    }
}

}  // namespace
