// tests/io/line_edges.cpp — line reading at its edges: read_line when the reader fails mid-line
// (issue #14 item 11) and lines_codec::decode_eof on a lone "\r" (issue #14 item 12). Tokio's
// behaviour is the expected one in both.
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::scripted_reader;

// Issue #14 item 11: the bytes read before an I/O error are appended (they are valid UTF-8), then
// the error is thrown. Tokio: "Foo" + "Hello Wor", and the error.
TEST(line_edges, read_line_keeps_valid_bytes_read_before_an_io_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string("Hello Wor"), scripted_reader::fail{}}));
        std::string line = "Foo";
        try {
            (void)co_await rt::io::read_line(r, line);
            ADD_FAILURE() << "the I/O error was swallowed";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code().value(), ECONNRESET);
        }
        EXPECT_EQ(line, "FooHello Wor");
    }());
}

// Issue #14 item 11, the part that stays: when the bytes read before the error are not UTF-8 (a
// character cut in half), the line is left as it was and the I/O error is thrown.
TEST(line_edges, read_line_rolls_back_invalid_utf8_read_before_an_io_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::buf_reader r(scripted_reader({std::string("caf\xC3"), scripted_reader::fail{}}));
        std::string line = "Foo";
        try {
            (void)co_await rt::io::read_line(r, line);
            ADD_FAILURE() << "the I/O error was swallowed";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code().value(), ECONNRESET);
        }
        EXPECT_EQ(line, "Foo");
    }());
}

// Issue #14 item 12: a lone "\r" at end of input is not a line. Tokio's decode_eof returns None
// and leaves the byte in the buffer, so when "k" follows the line is "\rk".
TEST(line_edges, decode_eof_on_a_lone_carriage_return_returns_nothing_and_keeps_it) {
    rt::io::lines_codec c;
    rt::io::byte_buffer in;
    in.append(std::string_view("\r"));
    EXPECT_EQ(c.decode_eof(in), std::nullopt);
    EXPECT_EQ(in.size(), 1u);
    in.append(std::string_view("k"));
    EXPECT_EQ(c.decode_eof(in), std::optional<std::string>("\rk"));
    EXPECT_TRUE(in.empty());
}

// Issue #14 item 12, the neighbours that keep working: a trailing "\r" after text is stripped.
TEST(line_edges, decode_eof_strips_a_carriage_return_after_text) {
    rt::io::lines_codec c;
    rt::io::byte_buffer in;
    in.append(std::string_view("ab\r"));
    EXPECT_EQ(c.decode_eof(in), std::optional<std::string>("ab"));
    EXPECT_TRUE(in.empty());
}

}  // namespace
