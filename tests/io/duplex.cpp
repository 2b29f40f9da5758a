// tests/io/duplex.cpp — duplex pipes: end of stream when the peer is dropped or shuts down,
// EPIPE when writing to a dropped peer, backpressure at capacity, cooperativeness.
// Ports tokio/tests/io_mem_stream.rs (disconnect, max_write_size, duplex_is_cooperative).
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::str;

TEST(duplex, ping_pong_both_directions) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    rt.block_on([](rt::io::duplex_stream& a, rt::io::duplex_stream& b) -> rt::task<void> {
        std::array<std::byte, 4> buf{};
        co_await rt::io::write_all(a, "ping");
        co_await rt::io::read_exact(b, buf);
        EXPECT_EQ(str(buf), "ping");
        co_await rt::io::write_all(b, "pong");
        co_await rt::io::read_exact(a, buf);
        EXPECT_EQ(str(buf), "pong");
    }(a, b));
}

// io_mem_stream.rs: disconnect — dropping one end gives the other end end of stream.
TEST(duplex, disconnect_gives_end_of_stream_to_the_other_end) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    auto reader = rt.spawn([](rt::io::duplex_stream s) -> rt::task<std::size_t> {
        std::array<std::byte, 8> buf{};
        co_return co_await rt::io::read(s, buf);  // pending until the peer is dropped
    }, std::move(b));
    rt.block_on([](rt::io::duplex_stream s) -> rt::task<void> {
        co_await rt::yield_now();  // let the reader wait first
        { auto gone = std::move(s); }
    }(std::move(a)));
    EXPECT_EQ(rt.block_on(std::move(reader)), 0u);
}

TEST(duplex, bytes_written_before_the_drop_are_still_read) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    rt.block_on(rt::io::write_all(a, "last words"));
    { auto gone = std::move(a); }
    std::vector<std::byte> got;
    rt.block_on(rt::io::read_to_end(b, got));
    EXPECT_EQ(str(got), "last words");
}

TEST(duplex, writing_to_a_dropped_peer_throws_broken_pipe) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    { auto gone = std::move(b); }
    try {
        rt.block_on(rt::io::write_all(a, "anyone?"));
        FAIL() << "write to a dropped peer succeeded";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::make_error_code(std::errc::broken_pipe));
    }
}

TEST(duplex, a_writer_waiting_for_space_is_woken_with_broken_pipe_when_the_peer_drops) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(4);
    auto writer = rt.spawn([](rt::io::duplex_stream s) -> rt::task<bool> {
        try {
            co_await rt::io::write_all(s, "more than four bytes");
        } catch (const std::system_error&) {
            co_return true;
        }
        co_return false;
    }, std::move(a));
    rt.block_on([](rt::io::duplex_stream s) -> rt::task<void> {
        co_await rt::yield_now();
        { auto gone = std::move(s); }
    }(std::move(b)));
    EXPECT_TRUE(rt.block_on(std::move(writer)));
}

TEST(duplex, shutdown_gives_end_of_stream_but_the_other_direction_stays_open) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(64);
        co_await rt::io::shutdown(a);
        std::array<std::byte, 4> buf{};
        EXPECT_EQ(co_await rt::io::read(b, buf), 0u);
        co_await rt::io::write_all(b, "back");
        co_await rt::io::read_exact(a, buf);
        EXPECT_EQ(str(buf), "back");
        EXPECT_THROW(co_await rt::io::write_all(a, "x"), std::system_error);  // write after shutdown
    }());
}

// io_mem_stream.rs: max_write_size — one write accepts at most the free capacity, and a full pipe
// makes the writer wait until the reader drains it.
TEST(duplex, max_write_size_is_the_free_capacity_and_a_full_pipe_is_pending) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(32);
    auto w = rt::noop_waker();
    rt::context cx(w);
    std::vector<std::byte> big(64, std::byte{1});
    auto r1 = a.poll_write(cx, big);
    ASSERT_TRUE(r1.is_ready());
    EXPECT_EQ(r1.take(), 32u);
    EXPECT_TRUE(a.poll_write(cx, big).is_pending());
    std::array<std::byte, 8> buf{};
    auto r2 = b.poll_read(cx, buf);
    ASSERT_TRUE(r2.is_ready());
    EXPECT_EQ(r2.take(), 8u);
    auto r3 = a.poll_write(cx, big);
    ASSERT_TRUE(r3.is_ready());
    EXPECT_EQ(r3.take(), 8u);
}

TEST(duplex, draining_a_full_pipe_wakes_the_blocked_writer) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(8);
    auto writer = rt.spawn([](rt::io::duplex_stream s) -> rt::task<void> {
        co_await rt::io::write_all(s, "0123456789abcdef");  // twice the capacity
        co_await rt::io::shutdown(s);
    }, std::move(a));
    std::string got;
    rt.block_on(rt::io::read_to_string(b, got));
    rt.block_on(std::move(writer));
    EXPECT_EQ(got, "0123456789abcdef");
}

// io_mem_stream.rs: duplex_is_cooperative — a loop of always-ready writes and reads still yields,
// so another task on the same thread gets to run.
TEST(duplex, duplex_is_cooperative) {
    auto rt = rt_test::current_thread_runtime();
    auto ran = std::make_shared<std::atomic<bool>>(false);
    int rounds = rt.block_on([](std::shared_ptr<std::atomic<bool>> ran) -> rt::task<int> {
        io_test::spawn_flag_setter(ran);
        auto [tx, rx] = rt::io::duplex(8 * 1024);
        std::vector<std::byte> out(4096, std::byte{3}), in(4096);
        int i = 0;
        for (; i < 100'000 && !ran->load(); ++i) {
            co_await rt::io::write_all(tx, out);
            co_await rt::io::read_exact(rx, in);
        }
        co_return i;
    }(ran));
    EXPECT_TRUE(ran->load());
    EXPECT_LT(rounds, 100'000);
    EXPECT_GT(rounds, 0);
}

TEST(duplex, zero_capacity_is_a_usage_error) { EXPECT_THROW((void)rt::io::duplex(0), rt::usage_error); }

}  // namespace
