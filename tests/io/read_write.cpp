// tests/io/read_write.cpp — read, read_exact, write_all, read_to_end, read_to_string, flush and
// shutdown over duplex pipes of small capacities (so every transfer needs many wake-ups).
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::str;

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    return s;
}

class read_write_capacity : public ::testing::TestWithParam<std::size_t> {};

TEST_P(read_write_capacity, write_all_then_read_exact_moves_every_byte_in_order) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(GetParam());
    const std::string msg = pattern(10'000);
    auto writer = rt.spawn([](rt::io::duplex_stream s, std::string m) -> rt::task<void> {
        co_await rt::io::write_all(s, m);
    }, std::move(a), msg);
    std::vector<std::byte> got(msg.size());
    std::size_t n = rt.block_on(rt::io::read_exact(b, got));
    rt.block_on(std::move(writer));
    EXPECT_EQ(n, msg.size());
    EXPECT_EQ(str(got), msg);
}

TEST_P(read_write_capacity, read_to_end_collects_everything_until_the_writer_shuts_down) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(GetParam());
    const std::string msg = pattern(5'000);
    auto writer = rt.spawn([](rt::io::duplex_stream s, std::string m) -> rt::task<void> {
        co_await rt::io::write_all(s, m);
        co_await rt::io::shutdown(s);
    }, std::move(a), msg);
    std::vector<std::byte> got = bytes("prefix:");
    std::size_t n = rt.block_on(rt::io::read_to_end(b, got));
    rt.block_on(std::move(writer));
    EXPECT_EQ(n, msg.size());
    EXPECT_EQ(str(got), "prefix:" + msg);
}

INSTANTIATE_TEST_SUITE_P(capacities, read_write_capacity, ::testing::Values(1, 3, 64, 4096));

TEST(read_write, read_returns_what_is_buffered_and_zero_at_end_of_stream) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(64);
        co_await rt::io::write_all(a, "hello");
        std::array<std::byte, 16> buf{};
        std::size_t n = co_await rt::io::read(b, buf);
        EXPECT_EQ(str(std::span(buf).first(n)), "hello");
        co_await rt::io::shutdown(a);
        EXPECT_EQ(co_await rt::io::read(b, buf), 0u);
    }());
}

TEST(read_write, write_returns_how_many_bytes_fit) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(4);
        auto data = bytes("abcdefgh");
        EXPECT_EQ(co_await rt::io::write(a, data), 4u);
        co_await rt::io::flush(a);
        std::array<std::byte, 8> buf{};
        EXPECT_EQ(co_await rt::io::read(b, buf), 4u);
        EXPECT_EQ(str(std::span(buf).first(4)), "abcd");
    }());
}

TEST(read_write, read_exact_at_early_end_of_stream_throws_unexpected_eof) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    rt.block_on([](rt::io::duplex_stream& a) -> rt::task<void> {
        co_await rt::io::write_all(a, "abc");
        co_await rt::io::shutdown(a);
    }(a));
    std::array<std::byte, 8> buf{};
    try {
        rt.block_on(rt::io::read_exact(b, buf));
        FAIL() << "read_exact returned at end of stream";
    } catch (const std::system_error& e) {
        EXPECT_TRUE(io_test::has_code(e, rt::io::errc::unexpected_eof)) << e.what();
        EXPECT_EQ(std::string(e.code().category().name()), "rt.io");
    }
    EXPECT_EQ(str(std::span(buf).first(3)), "abc");  // what did arrive was delivered
}

TEST(read_write, read_exact_on_dropped_peer_throws_unexpected_eof) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    { auto gone = std::move(a); }
    std::array<std::byte, 1> buf{};
    EXPECT_THROW(rt.block_on(rt::io::read_exact(b, buf)), std::system_error);
}

TEST(read_write, read_to_string_accepts_utf8_and_rejects_invalid_bytes) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(64);
        co_await rt::io::write_all(a, "gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC");
        co_await rt::io::shutdown(a);
        std::string s;
        co_await rt::io::read_to_string(b, s);
        EXPECT_EQ(s, "gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC");

        auto [c, d] = rt::io::duplex(64);
        co_await rt::io::write_all(c, "ok \xC3\x28 bad");  // 0xC3 then a non-continuation byte
        co_await rt::io::shutdown(c);
        std::string t = "unchanged";
        try {
            co_await rt::io::read_to_string(d, t);
            ADD_FAILURE() << "invalid UTF-8 accepted";
        } catch (const std::system_error& e) {
            EXPECT_TRUE(io_test::has_code(e, rt::io::errc::invalid_utf8));
        }
        EXPECT_EQ(t, "unchanged");
    }());
}

TEST(read_write, read_is_cancel_safe_destroying_a_pending_read_loses_nothing) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(64);
        std::array<std::byte, 8> buf{};
        {
            auto fut = rt::io::read(b, buf);
            auto w = rt::noop_waker();
            rt::context cx(w);
            EXPECT_TRUE(fut.poll(cx).is_pending());  // registered, then destroyed (cancelled)
        }
        co_await rt::io::write_all(a, "data");
        std::size_t n = co_await rt::io::read(b, buf);
        EXPECT_EQ(str(std::span(buf).first(n)), "data");
    }());
}

TEST(read_write, a_writer_blocked_on_a_full_pipe_is_woken_by_a_reader_on_another_thread) {
    auto [a, b] = rt::io::duplex(16);
    const std::string msg = pattern(20'000);
    std::thread writer([&a, &msg] {
        auto rt = rt_test::current_thread_runtime();
        rt.block_on([](rt::io::duplex_stream& s, const std::string& m) -> rt::task<void> {
            co_await rt::io::write_all(s, m);
            co_await rt::io::shutdown(s);
        }(a, msg));
    });
    auto rt = rt_test::current_thread_runtime();
    std::string got;
    rt.block_on(rt::io::read_to_string(b, got));
    writer.join();
    EXPECT_EQ(got, msg);
}

}  // namespace
