// tests/chat/chat_room.cpp — the chat example's room over loopback: names, relaying to everyone but
// the sender, join/leave notices, and a misbehaving client that cannot take the room down.
#include "support/rt_test.hpp"

#include "../../examples/chat/chat_server.hpp"

namespace {

/// A test client: its own connection, a line reader and the write half.
struct client {
    rt::net::tcp_stream conn;
    rt::net::read_half rd;
    rt::net::write_half wr;
    rt::io::lines_stream<rt::io::buf_reader<rt::net::read_half>> lines;

    explicit client(rt::net::tcp_stream c)
        : conn(std::move(c)), rd(conn.split().first), wr(conn.split().second), lines(rt::io::lines(rt::io::buf_reader(rd))) {}

    /// The next line, or "<eof>" once the server closed (or reset) the connection.
    rt::task<std::string> line() {
        try {
            auto l = co_await lines.next_line();
            co_return l.value_or("<eof>");
        } catch (const std::system_error&) {
            co_return "<eof>";
        }
    }
    rt::task<void> say(std::string text) {
        text += "\n";
        co_await wr.write_all(text);
    }
};

rt::task<std::unique_ptr<client>> join(rt::net::socket_addr addr, std::string name) {
    auto conn = co_await rt::net::tcp_stream::connect(addr);
    auto c = std::make_unique<client>(std::move(conn));
    auto prompt = co_await c->line();
    EXPECT_EQ(prompt, "name?");
    co_await c->say(name);
    auto welcome = co_await c->line();
    EXPECT_EQ(welcome, "* welcome " + name);
    co_return c;
}

/// A room serving on an ephemeral loopback port; aborted when the test's task ends.
struct running_room {
    rt::net::socket_addr addr;
    rt::join_handle<void> server;
    running_room(rt::net::socket_addr a, rt::join_handle<void> s) : addr(a), server(std::move(s)) {}
    running_room(running_room&&) noexcept = default;
    ~running_room() { server.abort(); }  // a moved-from handle's abort is a no-op
};

rt::task<running_room> open_room() {
    auto listener = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
    const auto addr = listener.local_addr();
    co_return running_room{addr, rt::spawn(chat::serve, std::move(listener))};
}

}  // namespace

TEST(chat_room, lines_reach_everyone_but_the_sender_with_join_and_leave_notices) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    rt.block_on([]() -> rt::task<void> {
        auto room = co_await open_room();
        const auto addr = room.addr;

        auto alice = co_await join(addr, "alice");
        auto bob = co_await join(addr, "bob");
        EXPECT_EQ(co_await alice->line(), "* bob joined");

        co_await bob->say("hi alice");
        EXPECT_EQ(co_await alice->line(), "bob: hi alice");
        co_await alice->say("hi bob");
        // bob's next line is alice's, not an echo of his own.
        EXPECT_EQ(co_await bob->line(), "alice: hi bob");

        bob.reset();  // hang up
        EXPECT_EQ(co_await alice->line(), "* bob left");
    }());
}

TEST(chat_room, invalid_utf8_ends_only_that_clients_session) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    rt.block_on([]() -> rt::task<void> {
        auto room = co_await open_room();
        const auto addr = room.addr;

        auto alice = co_await join(addr, "alice");
        auto mallory = co_await join(addr, "mallory");
        EXPECT_EQ(co_await alice->line(), "* mallory joined");
        co_await mallory->say("bad \xff\xfe bytes");
        EXPECT_EQ(co_await alice->line(), "* mallory left");  // the server dropped that session...
        EXPECT_EQ(co_await mallory->line(), "<eof>");

        auto carol = co_await join(addr, "carol");  // ... and keeps serving
        EXPECT_EQ(co_await alice->line(), "* carol joined");
        co_await carol->say("still here");
        EXPECT_EQ(co_await alice->line(), "carol: still here");
    }());
}
