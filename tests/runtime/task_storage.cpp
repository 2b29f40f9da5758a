// tests/runtime/task_storage.cpp — how a spawned task keeps its pieces, now that they are packed:
// arguments the call does not need afterwards are not stored, the output takes the future's place
// in the cell, task memory freed on another worker is reused, and deferred yields that do not fit
// in a worker's queue wait their turn instead of being lost.
#include "support/rt_test.hpp"

namespace {

rt::task<std::size_t> by_value(std::string s, std::unique_ptr<int> p, std::atomic<int>& seen) {
    co_await rt::yield_now();  // the call that made the frame has long returned
    seen.fetch_add(1);
    co_return s.size() + static_cast<std::size_t>(*p);
}

rt::task<rt_test::drop_counter> make_counter(std::atomic<int>& drops, bool yield_first) {
    if (yield_first) co_await rt::yield_now();
    co_return rt_test::drop_counter(drops);
}

// An exception whose destruction is counted: shows when a failed task's output is released.
struct counted_error : std::runtime_error {
    std::atomic<int>* drops;
    explicit counted_error(std::atomic<int>& d) : std::runtime_error("counted"), drops(&d) {}
    counted_error(const counted_error& o) noexcept : std::runtime_error(o), drops(o.drops) {}
    ~counted_error() override { drops->fetch_add(1); }
};

rt::task<int> fail_counted(std::atomic<int>& drops) {
    co_await rt::yield_now();
    throw counted_error(drops);
    co_return 0;
}

rt::runtime multi_thread_runtime(std::size_t workers) {
    return rt::runtime::builder().multi_thread().worker_threads(workers).build();
}

}  // namespace

TEST(task_storage, by_value_and_reference_wrapper_arguments_reach_a_suspended_task) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> seen{0};
    auto h = rt.spawn(by_value, std::string("abcd"), std::make_unique<int>(3), std::ref(seen));
    EXPECT_EQ(rt.block_on(std::move(h)), 7u);
    EXPECT_EQ(seen.load(), 1);
}

TEST(task_storage, a_reference_parameter_still_refers_to_the_stored_argument) {
    auto rt = rt_test::current_thread_runtime();
    auto h = rt.spawn([](const std::string& s) -> rt::task<std::string> {
        co_await rt::yield_now();
        co_return s + "!";
    }, std::string("kept"));
    EXPECT_EQ(rt.block_on(std::move(h)), "kept!");
}

TEST(task_storage, the_output_is_destroyed_once_whether_read_dropped_or_detached) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto read = rt::spawn(make_counter, std::ref(drops), true);
        auto dropped = rt::spawn(make_counter, std::ref(drops), false);
        {
            rt_test::drop_counter got = co_await read;
            EXPECT_EQ(drops.load(), 0);
        }
        EXPECT_EQ(drops.load(), 1);  // the value read out; the cell's moved-from one counts nothing
        while (!dropped.is_finished()) co_await rt::yield_now();
        dropped = rt::join_handle<rt_test::drop_counter>();  // completed, never read
        EXPECT_EQ(drops.load(), 2);
        auto detached = rt::spawn(make_counter, std::ref(drops), true);
        detached.detach();  // before it completes: the task drops its output itself
        EXPECT_EQ(drops.load(), 2);
        for (int i = 0; i < 4; ++i) co_await rt::yield_now();  // let it finish
    }(drops));
    EXPECT_EQ(drops.load(), 3);
}

// The stage holds a value, an exception or nothing (cancelled); which one is recorded in the state
// word, and taking it resets that record, so every kind is released once and a second await of
// each is the misuse error.
TEST(task_storage, each_output_kind_is_released_once_and_a_second_await_is_an_error) {
    auto rt = rt_test::current_thread_runtime();
    std::atomic<int> drops{0};
    rt.block_on([](std::atomic<int>& drops) -> rt::task<void> {
        auto unread = rt::spawn(fail_counted, std::ref(drops));
        while (!unread.is_finished()) co_await rt::yield_now();
        const int before = drops.load();
        unread = rt::join_handle<int>();  // completed with an exception nobody read
        EXPECT_EQ(drops.load(), before + 1);

        auto failed = rt::spawn(fail_counted, std::ref(drops));
        bool threw = false;
        try {
            co_await failed;
        } catch (const counted_error&) {
            threw = true;
        }
        EXPECT_TRUE(threw);
        EXPECT_THROW(co_await failed, rt::usage_error);

        auto cancelled = rt::spawn(fail_counted, std::ref(drops));
        cancelled.abort();
        EXPECT_THROW(co_await cancelled, rt::cancelled_error);
        EXPECT_THROW(co_await cancelled, rt::usage_error);

        auto valued = rt::spawn(make_counter, std::ref(drops), true);
        {
            rt_test::drop_counter got = co_await valued;
        }
        EXPECT_THROW(co_await valued, rt::usage_error);
    }(drops));
    // Every exception object made was released: none is kept by a cell or a join handle.
    EXPECT_GT(drops.load(), 0);
}

TEST(task_storage, a_thousand_tasks_yielding_on_one_worker_all_finish) {
    // 1,000 yielders on one worker: each round of deferred wakes is larger than the 256-slot local
    // queue, so most wakes wait in the deferred list; none may be lost or run twice.
    auto rt = multi_thread_runtime(1);
    const std::uint64_t sum = rt.block_on(rt.spawn([]() -> rt::task<std::uint64_t> {
        std::vector<rt::join_handle<std::uint64_t>> hs;
        for (int i = 0; i < 1000; ++i) {
            hs.push_back(rt::spawn([]() -> rt::task<std::uint64_t> {
                std::uint64_t n = 0;
                for (int k = 0; k < 20; ++k) {
                    co_await rt::yield_now();
                    ++n;
                }
                co_return n;
            }));
        }
        std::uint64_t total = 0;
        for (auto& h : hs) total += co_await h;
        co_return total;
    }));
    EXPECT_EQ(sum, 20'000u);
}

TEST(task_storage, tasks_spawned_on_one_worker_and_freed_on_another_reuse_memory) {
    // Detached tasks end (and free their cells) on whichever worker ran them; the spawning worker
    // allocates again. Rounds of 10,000 make whole free chains move between the workers.
    auto rt = multi_thread_runtime(2);
    std::atomic<int> done{0};
    rt.block_on(rt.spawn([](std::atomic<int>& done) -> rt::task<void> {
        for (int round = 1; round <= 5; ++round) {
            for (int i = 0; i < 10'000; ++i) {
                rt::spawn([](std::atomic<int>& d, int payload) -> rt::task<void> {
                    if (payload % 2 == 0) co_await rt::yield_now();
                    d.fetch_add(1);
                }, std::ref(done), i).detach();
            }
            while (done.load() < round * 10'000) co_await rt::yield_now();
        }
    }, std::ref(done)));
    EXPECT_EQ(done.load(), 50'000);
}
