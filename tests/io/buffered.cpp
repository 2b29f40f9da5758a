// tests/io/buffered.cpp — buf_reader (read_until, read_line, lines), buf_writer, over duplex
// pipes and scripted readers whose data arrives in pieces.
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::scripted_reader;
using io_test::str;

TEST(buf_reader, read_until_stops_after_the_delimiter_across_refills) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        scripted_reader src({std::string("ab"), scripted_reader::wait{}, std::string("c;de"), std::string("f;g")});
        rt::io::buf_reader r(std::move(src), 3);  // a tiny buffer: every read_until needs refills
        std::vector<std::byte> out;
        EXPECT_EQ(co_await rt::io::read_until(r, std::byte{';'}, out), 4u);
        EXPECT_EQ(str(out), "abc;");
        out.clear();
        EXPECT_EQ(co_await rt::io::read_until(r, std::byte{';'}, out), 4u);
        EXPECT_EQ(str(out), "def;");
        out.clear();
        EXPECT_EQ(co_await rt::io::read_until(r, std::byte{';'}, out), 1u);  // end of stream, no delimiter
        EXPECT_EQ(str(out), "g");
        out.clear();
        EXPECT_EQ(co_await rt::io::read_until(r, std::byte{';'}, out), 0u);
    }());
}

TEST(buf_reader, lines_strips_newlines_and_returns_a_final_unterminated_line) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(5);
    auto writer = rt.spawn([](rt::io::duplex_stream s) -> rt::task<void> {
        co_await rt::io::write_all(s, "first\nsecond\r\n\nlast");
        co_await rt::io::shutdown(s);
    }, std::move(a));
    auto got = rt.block_on([](rt::io::duplex_stream s) -> rt::task<std::vector<std::string>> {
        auto ls = rt::io::lines(rt::io::buf_reader(std::move(s)));
        std::vector<std::string> v;
        while (auto line = co_await ls.next_line()) v.push_back(*line);
        co_return v;
    }(std::move(b)));
    rt.block_on(std::move(writer));
    EXPECT_EQ(got, (std::vector<std::string>{"first", "second", "", "last"}));
}

TEST(buf_reader, lines_rejects_invalid_utf8) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string("ok\n\xFF\xFE\nafter\n")}));
        auto ls = rt::io::lines(r);  // borrows r
        EXPECT_EQ(*co_await ls.next_line(), "ok");
        try {
            (void)co_await ls.next_line();
            ADD_FAILURE() << "invalid UTF-8 line accepted";
        } catch (const std::system_error& e) {
            EXPECT_TRUE(io_test::has_code(e, rt::io::errc::invalid_utf8));
        }
        EXPECT_EQ(*co_await ls.next_line(), "after");
    }());
}

TEST(buf_reader, read_line_keeps_the_newline_and_appends) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string("one\ntw"), scripted_reader::wait{}, std::string("o\n")}));
        std::string s;
        EXPECT_EQ(co_await rt::io::read_line(r, s), 4u);
        EXPECT_EQ(co_await rt::io::read_line(r, s), 4u);
        EXPECT_EQ(s, "one\ntwo\n");
        EXPECT_EQ(co_await rt::io::read_line(r, s), 0u);
    }());
}

TEST(buf_reader, small_reads_are_served_from_one_inner_read) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string("abcdefgh")}), 64);
        std::array<std::byte, 2> buf{};
        std::string got;
        for (int i = 0; i < 4; ++i) {
            co_await rt::io::read_exact(r, buf);
            got += str(buf);
        }
        EXPECT_EQ(got, "abcdefgh");
        EXPECT_EQ(r.get_ref().reads, 1);
    }());
}

TEST(buf_reader, large_reads_bypass_the_buffer) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string(100, 'z')}), 16);
        std::vector<std::byte> buf(100);
        EXPECT_EQ(co_await rt::io::read(r, buf), 100u);
        EXPECT_TRUE(r.buffer().empty());
    }());
}

TEST(buf_writer, buffers_small_writes_until_flush) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto [a, b] = rt::io::duplex(1024);
        rt::io::buf_writer w(std::move(a), 64);
        co_await rt::io::write_all(w, "hello ");
        co_await rt::io::write_all(w, "world");
        EXPECT_EQ(str(w.buffer()), "hello world");
        std::array<std::byte, 11> buf{};
        co_await rt::io::flush(w);
        EXPECT_TRUE(w.buffer().empty());
        co_await rt::io::read_exact(b, buf);
        EXPECT_EQ(str(buf), "hello world");
        co_await rt::io::write_all(w, "bye");
        co_await rt::io::shutdown(w);  // drains before closing
        std::string rest;
        co_await rt::io::read_to_string(b, rest);
        EXPECT_EQ(rest, "bye");
    }());
}

TEST(buf_writer, a_full_buffer_is_drained_through_a_small_pipe) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(3);
    auto writer = rt.spawn([](rt::io::duplex_stream s) -> rt::task<void> {
        rt::io::buf_writer w(std::move(s), 8);
        for (int i = 0; i < 50; ++i) co_await rt::io::write_all(w, "abc");
        co_await rt::io::shutdown(w);
    }, std::move(a));
    std::string got;
    rt.block_on(rt::io::read_to_string(b, got));
    rt.block_on(std::move(writer));
    std::string want;
    for (int i = 0; i < 50; ++i) want += "abc";
    EXPECT_EQ(got, want);
}

}  // namespace
