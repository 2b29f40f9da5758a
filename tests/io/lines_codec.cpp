// tests/io/lines_codec.cpp — lines_codec on its own and through framed: round trips, lines split
// across reads, "\r\n", a last line without "\n", and bad input (line longer than the maximum,
// invalid UTF-8).
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::scripted_reader;

TEST(lines_codec, decodes_complete_lines_and_waits_for_the_rest) {
    rt::io::lines_codec c;
    rt::io::byte_buffer in;
    in.append(std::string_view("one\r\ntwo\nthr"));
    EXPECT_EQ(c.decode(in), std::optional<std::string>("one"));
    EXPECT_EQ(c.decode(in), std::optional<std::string>("two"));
    EXPECT_EQ(c.decode(in), std::nullopt);
    in.append(std::string_view("ee\n"));
    EXPECT_EQ(c.decode(in), std::optional<std::string>("three"));
    EXPECT_TRUE(in.empty());
}

TEST(lines_codec, decode_eof_returns_an_unterminated_last_line) {
    rt::io::lines_codec c;
    rt::io::byte_buffer in;
    in.append(std::string_view("tail"));
    EXPECT_EQ(c.decode(in), std::nullopt);
    EXPECT_EQ(c.decode_eof(in), std::optional<std::string>("tail"));
    EXPECT_EQ(c.decode_eof(in), std::nullopt);
}

TEST(lines_codec, encode_appends_a_newline) {
    rt::io::lines_codec c;
    rt::io::byte_buffer out;
    c.encode("hi", out);
    c.encode("", out);
    EXPECT_EQ(out.view(), "hi\n\n");
}

TEST(lines_codec, a_line_longer_than_max_length_is_an_error) {
    rt::io::lines_codec c(4);
    rt::io::byte_buffer in;
    in.append(std::string_view("four\n"));
    EXPECT_EQ(c.decode(in), std::optional<std::string>("four"));  // exactly the maximum is fine
    in.append(std::string_view("fiv"));
    EXPECT_EQ(c.decode(in), std::nullopt);
    in.append(std::string_view("ee"));  // 5 bytes and still no newline: already too long
    try {
        (void)c.decode(in);
        FAIL() << "an over-long line was accepted";
    } catch (const rt::io::frame_error& e) {
        EXPECT_TRUE(io_test::has_code(e, rt::io::errc::line_too_long)) << e.what();
    }
}

TEST(lines_codec, invalid_utf8_is_an_error) {
    rt::io::lines_codec c;
    rt::io::byte_buffer in;
    in.append(std::string_view("caf\xC3\xA9\n\xED\xA0\x80\n"));  // then an encoded surrogate: invalid
    EXPECT_EQ(c.decode(in), std::optional<std::string>("caf\xC3\xA9"));
    try {
        (void)c.decode(in);
        FAIL() << "invalid UTF-8 accepted";
    } catch (const rt::io::frame_error& e) {
        EXPECT_TRUE(io_test::has_code(e, rt::io::errc::invalid_utf8));
    }
}

TEST(lines_codec, framed_round_trip_over_a_small_duplex) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(3);
    auto sender = rt.spawn([](rt::io::duplex_stream s) -> rt::task<void> {
        rt::io::framed f(std::move(s), rt::io::lines_codec{});
        co_await f.send(std::string("alpha"));
        co_await f.feed(std::string("beta"));  // buffered only
        co_await f.feed(std::string(""));
        co_await f.send(std::string("gamma \xE2\x9C\x93"));  // flushes all three
        co_await f.close();
    }, std::move(a));
    auto lines = rt.block_on([](rt::io::duplex_stream s) -> rt::task<std::vector<std::string>> {
        rt::io::framed f(std::move(s), rt::io::lines_codec{});
        std::vector<std::string> got;
        while (auto line = co_await f.next()) got.push_back(*line);
        co_return got;
    }(std::move(b)));
    rt.block_on(std::move(sender));
    EXPECT_EQ(lines, (std::vector<std::string>{"alpha", "beta", "", "gamma \xE2\x9C\x93"}));
}

TEST(lines_codec, framed_reassembles_lines_split_across_reads) {
    auto rt = rt_test::current_thread_runtime();
    auto lines = rt.block_on([]() -> rt::task<std::vector<std::string>> {
        rt::io::framed f(scripted_reader({std::string("he"), scripted_reader::wait{}, std::string("llo\r"),
                                          scripted_reader::wait{}, std::string("\nwor"), std::string("ld")}),
                         rt::io::lines_codec{});
        std::vector<std::string> got;
        while (auto line = co_await f.next()) got.push_back(*line);
        co_return got;
    }());
    EXPECT_EQ(lines, (std::vector<std::string>{"hello", "world"}));
}

TEST(lines_codec, framed_stops_after_a_too_long_line) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::framed f(scripted_reader({std::string("ok\n"), std::string(100, 'x') + "\nnext\n"}), rt::io::lines_codec(16));
        EXPECT_EQ(*co_await f.next(), "ok");
        EXPECT_THROW((void)co_await f.next(), rt::io::frame_error);
        EXPECT_FALSE(co_await f.next());  // closed for reading after the error
    }());
}

}  // namespace
