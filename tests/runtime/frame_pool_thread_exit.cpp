// tests/runtime/frame_pool_thread_exit.cpp — coroutine frames and tasks can be created, run and
// freed at any point of a thread's life, including from destructors of thread_local objects that
// run after the thread's frame pool was retired (issue #14, item 1). Before the fix such a frame
// got a block that the shared depot also owned: two live frames at one address.
#include "support/rt_test.hpp"

namespace {

// A frame of a size class that no other test uses (about 1.5 KiB: the buffer lives across the
// suspension point, so it is in the frame), so the depot's newest chain of that class is known.
// noinline: an inlined coroutine that never escapes may get its frame on the caller's stack.
[[gnu::noinline]] rt::task<int> big_frame(int v) {
    std::array<char, 1500> buf{};
    buf[static_cast<std::size_t>(v) % buf.size()] = static_cast<char>(v);
    co_await rt::yield_now();
    co_return buf[static_cast<std::size_t>(v) % buf.size()];
}

void* frame_address(const rt::task<int>& t) { return t.handle().address(); }

struct exit_addresses {
    void* after_retire = nullptr;   // frame created by the thread_local destructor (still live)
    void* other_thread = nullptr;   // frame created meanwhile on a fresh thread (from the depot)
    int ran = 0;
};
exit_addresses g_exit;

// Constructed before the thread's first frame, so destroyed after its frame pool was retired.
struct creates_frames_at_exit {
    bool armed = false;
    ~creates_frames_at_exit() {
        if (!armed) return;
        rt::task<int> live = big_frame(1);
        g_exit.after_retire = frame_address(live);
        // A fresh thread takes its first block of that class from the depot, where the exiting
        // thread's free list just went.
        std::thread([] {
            rt::task<int> other = big_frame(2);
            g_exit.other_thread = frame_address(other);
        }).join();
        // Frames made and freed after the pool is gone, and one freed that came from it.
        for (int i = 0; i < 4; ++i) {
            rt::task<int> t = big_frame(i);
            (void)t;
        }
        g_exit.ran = 1;
    }
};

// Issue #14 item 1: a frame allocated after the thread's pool was retired is a block nobody else
// owns (before the fix it was the head of the chain just handed to the depot).
TEST(frame_pool_thread_exit, a_frame_created_after_the_pool_is_retired_is_not_shared_with_the_depot) {
    g_exit = {};
    std::thread([] {
        thread_local creates_frames_at_exit probe;
        probe.armed = true;  // constructed now, before this thread's first frame
        rt::task<int> t = big_frame(0);  // the pool comes alive; its block goes back to this thread's list
        (void)t;
    }).join();
    EXPECT_EQ(g_exit.ran, 1);
    ASSERT_NE(g_exit.after_retire, nullptr);
    ASSERT_NE(g_exit.other_thread, nullptr);
    EXPECT_NE(g_exit.after_retire, g_exit.other_thread);
}

std::atomic<int> g_runtime_sum{-1};

// Runs a current-thread runtime that spawns tasks, from a thread_local destructor.
struct runs_a_runtime_at_exit {
    bool armed = false;
    ~runs_a_runtime_at_exit() {
        if (!armed) return;
        auto rt = rt_test::current_thread_runtime();
        g_runtime_sum = rt.block_on([]() -> rt::task<int> {
            std::vector<rt::join_handle<int>> hs;
            for (int i = 0; i < 20; ++i) {
                hs.push_back(rt::spawn([](int i) -> rt::task<int> {
                    co_await rt::yield_now();
                    co_return i;
                }, i));
            }
            int sum = 0;
            for (auto& h : hs) sum += co_await h;
            sum += co_await big_frame(3);
            co_return sum;
        }());
    }
};

// Issue #14 item 1: a thread_local whose destructor runs a runtime and spawns tasks after the
// thread's pool (and thread state) were torn down; ASan/TSan builds check the memory.
TEST(frame_pool_thread_exit, a_runtime_run_by_a_thread_local_destructor_completes) {
    g_runtime_sum = -1;
    std::thread([] {
        thread_local runs_a_runtime_at_exit probe;
        probe.armed = true;  // before this thread's first frame, runtime or thread state
        auto rt = rt_test::current_thread_runtime();
        EXPECT_EQ(rt.block_on(big_frame(7)), 7);
    }).join();
    EXPECT_EQ(g_runtime_sum.load(), 190 + 3);
}

}  // namespace
