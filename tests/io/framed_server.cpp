// tests/io/framed_server.cpp — bad input does not take a server down: a connection that sends an
// oversized frame gets a clear error and is closed, while the server's other connections go on.
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::str;
using codec_t = rt::io::length_delimited_codec;

/// One connection of an echo server: echoes frames until end of stream; a framing error ends
/// this connection only (its stream is dropped, so the client reads end of stream).
rt::task<std::string> serve_connection(rt::io::duplex_stream s) {
    rt::io::framed f(std::move(s), codec_t::builder().max_frame_length(64).new_codec());
    try {
        while (auto frame = co_await f.next()) co_await f.send(*frame);
    } catch (const rt::io::frame_error& e) {
        co_return std::string("closed: ") + e.code().message();
    }
    co_return "clean end";
}

TEST(framed_server, an_oversized_frame_closes_that_connection_and_the_server_keeps_serving) {
    auto rt = rt_test::current_thread_runtime();
    auto [good_client, good_server] = rt::io::duplex(256);
    auto [bad_client, bad_server] = rt::io::duplex(256);
    auto good = rt.spawn(serve_connection, std::move(good_server));
    auto bad = rt.spawn(serve_connection, std::move(bad_server));

    rt.block_on([](rt::io::duplex_stream& gc, rt::io::duplex_stream& bc) -> rt::task<void> {
        rt::io::framed g(gc, codec_t{});
        co_await g.send(bytes("before"));
        EXPECT_EQ(str(*co_await g.next()), "before");

        // The bad client announces a 1 MiB frame (the server's maximum is 64 bytes).
        co_await rt::io::write_all(bc, std::string("\x00\x10\x00\x00", 4));
        std::vector<std::byte> rest;
        co_await rt::io::read_to_end(bc, rest);  // the server closed this connection
        EXPECT_TRUE(rest.empty());

        co_await g.send(bytes("after"));
        EXPECT_EQ(str(*co_await g.next()), "after");
        co_await g.close();
        EXPECT_FALSE(co_await g.next());
    }(good_client, bad_client));

    EXPECT_EQ(rt.block_on(std::move(bad)), "closed: frame length exceeds the codec's maximum");
    EXPECT_EQ(rt.block_on(std::move(good)), "clean end");
}

TEST(framed_server, a_connection_cut_inside_a_frame_is_reported_not_dropped) {
    auto rt = rt_test::current_thread_runtime();
    auto [client, server] = rt::io::duplex(256);
    auto h = rt.spawn(serve_connection, std::move(server));
    rt.block_on([](rt::io::duplex_stream c) -> rt::task<void> {
        co_await rt::io::write_all(c, std::string("\x00\x00\x00\x08half", 8));
        co_return;  // c is dropped here: end of stream after 4 of the 8 announced bytes
    }(std::move(client)));
    EXPECT_EQ(rt.block_on(std::move(h)), "closed: stream ended in the middle of a frame");
}

}  // namespace
