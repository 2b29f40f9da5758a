// tests/mini_redis/resp_codec.cpp — the RESP2 codec of examples/mini_redis on its own: every frame
// kind round-trips, partial input waits for more bytes without consuming any, pipelined frames come
// out one by one, and malformed or oversized input is a protocol_error raised at the header.
#include "support/rt_test.hpp"
#include "mini_redis/resp.hpp"

namespace {

using mini_redis::resp::codec;
using mini_redis::resp::frame;
using mini_redis::resp::protocol_error;
using mini_redis::resp::to_wire;

rt::io::byte_buffer buffer_of(std::string_view s) {
    rt::io::byte_buffer b;
    b.append(s);
    return b;
}

TEST(resp_codec, every_frame_kind_round_trips) {
    const std::vector<frame> frames = {
        frame::simple("OK"),
        frame::error("ERR nope"),
        frame::integer_of(-42),
        frame::bulk(std::string("bin\r\n\0ary", 10)),
        frame::bulk(""),
        frame::null(),
        frame::array({}),
        frame::array({frame::bulk("a"), frame::integer_of(1), frame::array({frame::simple("x"), frame::null()})}),
    };
    for (const frame& f : frames) {
        auto b = buffer_of(to_wire(f));
        codec c;
        auto out = c.decode(b);
        ASSERT_TRUE(out.has_value()) << to_wire(f);
        EXPECT_EQ(*out, f) << to_wire(f);
        EXPECT_TRUE(b.empty());
    }
}

TEST(resp_codec, the_wire_form_is_redis_resp2) {
    EXPECT_EQ(to_wire(frame::command({"SET", "k", "v"})), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
    EXPECT_EQ(to_wire(frame::simple("PONG")), "+PONG\r\n");
    EXPECT_EQ(to_wire(frame::integer_of(7)), ":7\r\n");
    EXPECT_EQ(to_wire(frame::null()), "$-1\r\n");
}

TEST(resp_codec, a_partial_frame_decodes_once_its_last_byte_arrives) {
    const std::string wire = to_wire(frame::command({"ECHO", "hello world"}));
    codec c;
    rt::io::byte_buffer b;
    for (std::size_t i = 0; i + 1 < wire.size(); ++i) {
        b.append(wire.substr(i, 1));
        EXPECT_FALSE(c.decode(b).has_value()) << "after " << i + 1 << " bytes";
    }
    b.append(wire.substr(wire.size() - 1));
    auto out = c.decode(b);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(*out, frame::command({"ECHO", "hello world"}));
    EXPECT_TRUE(b.empty());
}

TEST(resp_codec, pipelined_frames_decode_one_at_a_time_in_order) {
    auto b = buffer_of(to_wire(frame::command({"PING"})) + to_wire(frame::command({"GET", "a"})) + "*1\r\n$4\r\nPI");
    codec c;
    EXPECT_EQ(*c.decode(b), frame::command({"PING"}));
    EXPECT_EQ(*c.decode(b), frame::command({"GET", "a"}));
    EXPECT_FALSE(c.decode(b).has_value());
    b.append(std::string_view("NG\r\n"));
    EXPECT_EQ(*c.decode(b), frame::command({"PING"}));
}

TEST(resp_codec, malformed_input_is_a_protocol_error) {
    for (std::string_view bad : {"?what\r\n", "$abc\r\n", "*1x\r\n", ":12a\r\n", "$-2\r\n", "*-5\r\n",
                                 "$3\r\nabcXY", "$\r\n", "*1\r\n!\r\n"}) {
        auto b = buffer_of(bad);
        codec c;
        EXPECT_THROW((void)c.decode(b), protocol_error) << bad;
    }
}

TEST(resp_codec, an_oversized_bulk_length_is_refused_at_its_header) {
    auto b = buffer_of("*2\r\n$4\r\nECHO\r\n$536870913\r\n");  // 512 MiB + 1, none of it sent
    codec c;
    try {
        (void)c.decode(b);
        ADD_FAILURE() << "no error";
    } catch (const protocol_error& e) {
        EXPECT_STREQ(e.what(), "invalid bulk length");
    }
    auto at_limit = buffer_of("$536870912\r\n");  // exactly 512 MiB is allowed: wait for the bytes
    EXPECT_FALSE(c.decode(at_limit).has_value());
}

TEST(resp_codec, hostile_headers_are_bounded) {
    auto huge_array = buffer_of("*1048577\r\n");
    EXPECT_THROW((void)codec{}.decode(huge_array), protocol_error);
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "*1\r\n";
    auto nested = buffer_of(deep);
    EXPECT_THROW((void)codec{}.decode(nested), protocol_error);
    auto endless_line = buffer_of("+" + std::string(70 * 1024, 'x'));
    EXPECT_THROW((void)codec{}.decode(endless_line), protocol_error);
}

}  // namespace

namespace {

// Issue #16 item 9: a partial multibulk was re-parsed from its start on every read, so a
// 300,000-argument command trickled in 512-byte pieces cost 2.3 s of CPU (quadratic). The decoder
// now keeps its parse state: the bytes it examines stay within a small multiple of the input.
TEST(resp_codec, a_huge_command_trickled_in_small_pieces_examines_each_byte_a_bounded_number_of_times) {
    constexpr int args = 300'000;
    std::string wire = "*" + std::to_string(args + 1) + "\r\n$4\r\nRPUSH\r\n";
    wire = "*" + std::to_string(args + 1) + "\r\n$5\r\nRPUSH\r\n";
    for (int i = 1; i < args + 1; ++i) {
        const std::string a = "v" + std::to_string(i);
        wire += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
    }
    codec c = codec::for_server();
    rt::io::byte_buffer b;
    std::optional<frame> out;
    std::size_t reads = 0;
    for (std::size_t at = 0; at < wire.size(); at += 512) {
        b.append(std::string_view(wire).substr(at, 512));
        ++reads;
        out = c.decode(b);
        if (at + 512 < wire.size()) EXPECT_FALSE(out.has_value());
    }
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->items.size(), static_cast<std::size_t>(args + 1));
    EXPECT_EQ(out->items.back(), frame::bulk("v" + std::to_string(args)));
    // Each byte is searched for a line end at most once and copied at most once; a re-parse per
    // read would examine about reads * size / 2 bytes (here ~4e9).
    EXPECT_LE(c.examined(), 2 * wire.size()) << "reads: " << reads;
    EXPECT_TRUE(b.empty());
}

TEST(resp_codec, the_server_codec_reads_inline_commands_and_skips_empty_multibulks) {
    codec c = codec::for_server();
    auto b = buffer_of("PING\r\nSET  k \"a\\x41\\n\"\n*0\r\n*-1\r\n\r\n  \n*1\r\n$4\r\nPING\r\n");
    EXPECT_EQ(*c.decode(b), frame::command({"PING"}));
    EXPECT_EQ(*c.decode(b), frame::command({"SET", "k", "aA\n"}));
    EXPECT_EQ(*c.decode(b), frame::command({"PING"}));
    EXPECT_FALSE(c.decode(b).has_value());
    EXPECT_TRUE(b.empty());
    auto nested = buffer_of("*1\r\n*1\r\n");
    try {
        (void)codec::for_server().decode(nested);
        ADD_FAILURE() << "no error";
    } catch (const protocol_error& e) {
        EXPECT_STREQ(e.what(), "expected '$', got '*'");
    }
    auto long_inline = buffer_of(std::string(70 * 1024, 'x'));
    try {
        (void)codec::for_server().decode(long_inline);
        ADD_FAILURE() << "no error";
    } catch (const protocol_error& e) {
        EXPECT_STREQ(e.what(), "too big inline request");
    }
}

}  // namespace
