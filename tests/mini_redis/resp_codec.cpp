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
