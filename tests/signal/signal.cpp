// tests/signal/signal.cpp — Unix signal streams: delivery of an in-process raise, delivery to
// several listeners and runtimes, coalescing, cancellation of a pending recv, refused signals.
#include "support/rt_test.hpp"

namespace {

using rt::signal::unix::signal_kind;

TEST(signal, raised_sigusr1_is_received_by_a_waiting_task) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = rt::signal::unix::signal(signal_kind::user_defined1());
        auto waiter = rt::spawn([](rt::signal::unix::signal_stream& s) -> rt::task<bool> { co_return co_await s.recv(); },
                                std::ref(s));
        co_await rt::yield_now();  // the waiter is parked in recv()
        EXPECT_FALSE(waiter.is_finished());
        std::raise(SIGUSR1);
        EXPECT_TRUE(co_await waiter);
    }());
}

TEST(signal, delivery_before_recv_is_kept_and_repeats_coalesce) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = rt::signal::unix::signal(signal_kind::user_defined2());
        std::raise(SIGUSR2);
        std::raise(SIGUSR2);
        EXPECT_TRUE(co_await s.recv());  // arrived before anyone waited: not lost
        // Both raises may have been folded into that one; a fresh raise is seen again.
        std::raise(SIGUSR2);
        EXPECT_TRUE(co_await s.recv());
    }());
}

TEST(signal, every_listener_in_every_runtime_receives_the_signal) {
    std::latch subscribed(2);
    std::atomic<int> received{0};
    auto listen = [&] {
        auto rt = rt_test::current_thread_runtime();
        rt.block_on([&]() -> rt::task<void> {
            auto s = rt::signal::unix::signal(signal_kind::user_defined1());
            subscribed.count_down();
            if (co_await s.recv()) received.fetch_add(1);
        }());
    };
    std::thread a(listen);
    std::thread b(listen);
    subscribed.wait();
    std::raise(SIGUSR1);
    a.join();
    b.join();
    EXPECT_EQ(received.load(), 2);
}

TEST(signal, cancelled_recv_leaves_the_stream_usable) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto s = rt::signal::unix::signal(signal_kind::user_defined1());
        struct poll_once {
            rt::signal::unix::signal_stream::recv_future& f;
            rt::poll_result<bool> poll(rt::context& cx) { return f.poll(cx).is_ready(); }
        };
        {
            auto r = s.recv();
            EXPECT_FALSE(co_await poll_once{r});
        }  // dropped while pending
        std::raise(SIGUSR1);
        EXPECT_TRUE(co_await s.recv());
    }());
}

TEST(signal, uncatchable_signals_are_refused_with_system_error) {
    EXPECT_THROW(rt::signal::unix::signal(signal_kind::from_raw(SIGKILL)), std::system_error);
    EXPECT_THROW(rt::signal::unix::signal(signal_kind::from_raw(SIGSEGV)), std::system_error);
    EXPECT_EQ(signal_kind::interrupt().as_raw_value(), SIGINT);
}

TEST(signal, ctrl_c_completes_on_sigint) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto c = rt::signal::ctrl_c();  // listening from here: SIGINT no longer kills the process
        std::raise(SIGINT);
        co_await c;
    }());
}

}  // namespace
