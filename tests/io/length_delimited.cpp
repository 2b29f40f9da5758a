// tests/io/length_delimited.cpp — length_delimited_codec on its own and through framed: every
// field width and byte order, adjustment and header skipping, frames split across reads, and bad
// input (oversized length, stream ending inside a frame, a frame too long for its field).
// Ports tokio-util/tests/length_delimited.rs (read_incomplete_head, read_max_frame_len,
// frame_does_not_fit).
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::scripted_reader;
using io_test::str;
using codec_t = rt::io::length_delimited_codec;

std::string raw(std::initializer_list<int> b) {
    std::string s;
    for (int v : b) s.push_back(static_cast<char>(v));
    return s;
}

std::string encoded(const codec_t& c, std::string_view frame) {
    rt::io::byte_buffer out;
    c.encode(bytes(frame), out);
    return std::string(out.view());
}

TEST(length_delimited, default_is_a_four_byte_big_endian_length) {
    codec_t c;
    EXPECT_EQ(encoded(c, "abc"), raw({0, 0, 0, 3}) + "abc");
    rt::io::byte_buffer in;
    in.append(raw({0, 0, 0, 3}) + "abc" + raw({0, 0}));
    auto f = c.decode(in);
    ASSERT_TRUE(f);
    EXPECT_EQ(str(*f), "abc");
    EXPECT_FALSE(c.decode(in));  // half a header: need more
    EXPECT_EQ(in.size(), 2u);
}

struct width_case {
    std::size_t width;
    bool big;
    std::string header_of_258;
};

class length_delimited_widths : public ::testing::TestWithParam<width_case> {};

TEST_P(length_delimited_widths, encodes_and_decodes_with_this_field) {
    auto p = GetParam();
    auto b = codec_t::builder().length_field_length(p.width);
    if (p.big) b.big_endian(); else b.little_endian();
    codec_t c = b.new_codec();
    std::string frame(258, 'f');
    std::string wire = encoded(c, frame);
    EXPECT_EQ(wire.substr(0, p.width), p.header_of_258);
    rt::io::byte_buffer in;
    in.append(wire);
    auto got = c.decode(in);
    ASSERT_TRUE(got);
    EXPECT_EQ(str(*got), frame);
    EXPECT_TRUE(in.empty());
}

INSTANTIATE_TEST_SUITE_P(all, length_delimited_widths, ::testing::Values(
    width_case{2, true, raw({1, 2})}, width_case{2, false, raw({2, 1})},
    width_case{4, true, raw({0, 0, 1, 2})}, width_case{4, false, raw({2, 1, 0, 0})},
    width_case{8, true, raw({0, 0, 0, 0, 0, 0, 1, 2})}, width_case{8, false, raw({2, 1, 0, 0, 0, 0, 0, 0})}));

TEST(length_delimited, one_byte_field) {
    codec_t c = codec_t::builder().length_field_length(1).new_codec();
    EXPECT_EQ(encoded(c, "hi"), raw({2}) + "hi");
    EXPECT_EQ(encoded(c, std::string(255, 'x')).size(), 256u);
}

// length_delimited.rs: frame_does_not_fit.
TEST(length_delimited, frame_does_not_fit_in_the_length_field) {
    codec_t c = codec_t::builder().length_field_length(1).max_frame_length(1 << 16).new_codec();
    try {
        (void)encoded(c, std::string(256, 'x'));
        FAIL() << "256 bytes encoded with a one-byte length";
    } catch (const rt::io::frame_error& e) {
        EXPECT_TRUE(io_test::has_code(e, rt::io::errc::frame_does_not_fit)) << e.what();
    }
}

TEST(length_delimited, encoding_above_the_maximum_is_an_error) {
    codec_t c = codec_t::builder().max_frame_length(4).new_codec();
    EXPECT_THROW((void)encoded(c, "12345"), rt::io::frame_error);
}

TEST(length_delimited, adjustment_and_num_skip_keep_a_self_counting_header) {
    // The field counts the payload; adjustment 2 plus num_skip(0) keeps the header in the frame.
    codec_t kept = codec_t::builder().length_field_length(2).length_adjustment(2).num_skip(0).new_codec();
    rt::io::byte_buffer in;
    in.append(raw({0, 3}) + "abc");
    auto f = kept.decode(in);
    ASSERT_TRUE(f);
    EXPECT_EQ(str(*f), raw({0, 3}) + "abc");
    // A field that counts its own two bytes, header stripped: adjustment -2.
    codec_t self = codec_t::builder().length_field_length(2).length_adjustment(-2).new_codec();
    in.append(raw({0, 5}) + "abc");
    f = self.decode(in);
    ASSERT_TRUE(f);
    EXPECT_EQ(str(*f), "abc");
    EXPECT_EQ(encoded(self, "abc"), raw({0, 5}) + "abc");
}

// Found by the length-delimited fuzz target (issue #16 item 10): with num_skip(0) and an adjustment
// that cancels the field, a zero field decoded an empty frame that consumed nothing, so framed
// produced empty frames forever from the same two bytes. It is a frame_error now.
TEST(length_delimited, an_empty_frame_that_consumes_nothing_is_an_error_not_an_endless_loop) {
    codec_t c = codec_t::builder().length_field_length(2).length_adjustment(-2).num_skip(0).new_codec();
    rt::io::byte_buffer in;
    in.append(raw({0, 2}));
    EXPECT_THROW((void)c.decode(in), rt::io::frame_error);
    // The same codec still decodes frames that make progress (the header stays in the frame).
    codec_t ok = codec_t::builder().length_field_length(2).length_adjustment(-2).num_skip(0).new_codec();
    rt::io::byte_buffer good;
    good.append(raw({0, 5}) + "abc");
    auto f = ok.decode(good);
    ASSERT_TRUE(f);
    EXPECT_EQ(str(*f), raw({0, 5}) + "a");
}

TEST(length_delimited, length_field_offset_skips_leading_header_bytes) {
    codec_t c = codec_t::builder().length_field_offset(1).length_field_length(2).new_codec();
    rt::io::byte_buffer in;
    in.append(raw({0x7f, 0, 2}) + "ok");
    auto f = c.decode(in);
    ASSERT_TRUE(f);
    EXPECT_EQ(str(*f), "ok");
}

TEST(length_delimited, bad_field_widths_are_a_usage_error) {
    EXPECT_THROW(codec_t::builder().length_field_length(3), rt::usage_error);
    EXPECT_THROW(codec_t::builder().length_field_length(0), rt::usage_error);
}

TEST(length_delimited, framed_reads_frames_split_at_every_byte) {
    auto rt = rt_test::current_thread_runtime();
    std::string wire = encoded(codec_t{}, "hello") + encoded(codec_t{}, "") + encoded(codec_t{}, "world!");
    std::vector<scripted_reader::step> steps;
    for (char ch : wire) {
        steps.emplace_back(std::string(1, ch));
        steps.emplace_back(scripted_reader::wait{});
    }
    auto frames = rt.block_on([](std::vector<scripted_reader::step> steps) -> rt::task<std::vector<std::string>> {
        rt::io::framed f(scripted_reader(std::move(steps)), codec_t{});
        std::vector<std::string> got;
        while (auto frame = co_await f.next()) got.push_back(str(*frame));
        co_return got;
    }(std::move(steps)));
    EXPECT_EQ(frames, (std::vector<std::string>{"hello", "", "world!"}));
}

TEST(length_delimited, framed_round_trip_over_a_small_duplex) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(7);
    auto sender = rt.spawn([](rt::io::duplex_stream s) -> rt::task<void> {
        rt::io::framed f(std::move(s), codec_t::builder().length_field_length(2).little_endian().new_codec());
        for (int i = 0; i < 20; ++i) co_await f.send(bytes(std::string(static_cast<std::size_t>(i * 10), static_cast<char>('a' + i))));
        co_await f.close();
    }, std::move(a));
    auto frames = rt.block_on([](rt::io::duplex_stream s) -> rt::task<std::vector<std::string>> {
        rt::io::framed f(std::move(s), codec_t::builder().length_field_length(2).little_endian().new_codec());
        std::vector<std::string> got;
        while (auto frame = co_await f.next()) got.push_back(str(*frame));
        co_return got;
    }(std::move(b)));
    rt.block_on(std::move(sender));
    ASSERT_EQ(frames.size(), 20u);
    for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(frames[i], std::string(i * 10, static_cast<char>('a' + i)));
}

// length_delimited.rs: read_incomplete_head — the stream ends inside the length field.
TEST(length_delimited, read_incomplete_head_is_an_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::framed f(scripted_reader({raw({0, 0})}), codec_t{});
        try {
            (void)co_await f.next();
            ADD_FAILURE() << "a cut header was dropped silently";
        } catch (const rt::io::frame_error& e) {
            EXPECT_TRUE(io_test::has_code(e, rt::io::errc::incomplete_frame));
        }
        EXPECT_FALSE(co_await f.next());  // the stream is finished after the error
    }());
}

TEST(length_delimited, end_of_stream_inside_a_payload_is_an_error) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::framed f(scripted_reader({raw({0, 0, 0, 9}) + "abc"}), codec_t{});
        try {
            (void)co_await f.next();
            ADD_FAILURE() << "a cut frame was dropped silently";
        } catch (const rt::io::frame_error& e) {
            EXPECT_TRUE(io_test::has_code(e, rt::io::errc::incomplete_frame));
        }
    }());
}

// length_delimited.rs: read_max_frame_len.
TEST(length_delimited, read_max_frame_len_rejects_a_huge_length_prefix) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::io::framed f(scripted_reader({raw({0, 0, 0, 9}) + "abcdefghi"}),
                         codec_t::builder().max_frame_length(5).new_codec());
        try {
            (void)co_await f.next();
            ADD_FAILURE() << "an oversized frame was accepted";
        } catch (const rt::io::frame_error& e) {
            EXPECT_TRUE(io_test::has_code(e, rt::io::errc::frame_too_large)) << e.what();
        }
        EXPECT_FALSE(co_await f.next());
    }());
}

TEST(length_delimited, a_four_gigabyte_prefix_is_rejected_without_allocating) {
    rt::io::byte_buffer in;
    in.append(raw({0xff, 0xff, 0xff, 0xff}));
    codec_t c;
    EXPECT_THROW((void)c.decode(in), rt::io::frame_error);
    codec_t wide = codec_t::builder().length_field_length(8).new_codec();
    rt::io::byte_buffer in8;
    in8.append(raw({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
    EXPECT_THROW((void)wide.decode(in8), rt::io::frame_error);
}

}  // namespace
