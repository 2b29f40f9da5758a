// tests/mini_redis/server_e2e.cpp — mini-redis end to end over loopback: the server runs inside the
// test's runtime on port 0 and clients speak RESP through rt::net::tcp_stream. Covers the basic
// commands, pipelining, pub/sub delivery, expiry on the paused clock, bad input (oversized bulk
// length, garbage, a reset peer) ending only the offending connection, and graceful shutdown.
#include "support/rt_test.hpp"
#include "mini_redis/server.hpp"
#include "e2e_support.hpp"

namespace {

using namespace mini_redis_test;

TEST(mini_redis_server, set_get_incr_del_and_unknown_commands_over_tcp) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client c = co_await connect(srv.addr);
        EXPECT_EQ(co_await c.call("SET", "greeting", "hello"), "+OK\r\n");
        EXPECT_EQ(co_await c.call("GET", "greeting"), "$5\r\nhello\r\n");
        EXPECT_EQ(co_await c.call("INCR", "n"), ":1\r\n");
        EXPECT_EQ(co_await c.call("INCR", "n"), ":2\r\n");
        EXPECT_EQ(co_await c.call("NOPE", "x"), "-ERR unknown command 'NOPE', with args beginning with: 'x' \r\n");
        EXPECT_EQ(co_await c.call("DEL", "greeting", "n"), ":2\r\n");
        EXPECT_EQ(co_await c.call("GET", "greeting"), "$-1\r\n");
        EXPECT_EQ(co_await c.call("QUIT"), "+OK\r\n");
        EXPECT_FALSE((co_await c.f.next()).has_value());  // QUIT closes the connection
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, pipelined_commands_are_answered_in_order) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        auto s = co_await rt::net::tcp_stream::connect(srv.addr);
        std::string batch;
        constexpr int n = 500;
        for (int i = 0; i < n; ++i) batch += to_wire(frame::command({"INCR", "counter"}));
        batch += to_wire(frame::command({"GET", "counter"}));
        co_await s.write_all(batch);  // one write; the server answers each command in order
        rt::io::framed f(std::move(s), codec{});
        for (int i = 1; i <= n; ++i) {
            auto r = co_await f.next();
            EXPECT_EQ(r.value_or(frame::null()), frame::integer_of(i));
        }
        auto last = co_await f.next();
        EXPECT_EQ(last.value_or(frame::null()), frame::bulk(std::to_string(n)));
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, publish_reaches_subscribers_until_they_unsubscribe) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client sub = co_await connect(srv.addr);
        client pub = co_await connect(srv.addr);
        const frame subscribe = frame::command({"SUBSCRIBE", "news", "sport"});
        co_await sub.f.send(subscribe);
        EXPECT_EQ(co_await sub.reply(), "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
        EXPECT_EQ(co_await sub.reply(), "*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n");

        EXPECT_EQ(co_await pub.call("PUBLISH", "news", "first"), ":1\r\n");
        EXPECT_EQ(co_await pub.call("PUBLISH", "sport", "second"), ":1\r\n");
        EXPECT_EQ(co_await pub.call("PUBLISH", "weather", "nobody"), ":0\r\n");
        EXPECT_EQ(co_await sub.reply(), "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nfirst\r\n");
        EXPECT_EQ(co_await sub.reply(), "*3\r\n$7\r\nmessage\r\n$5\r\nsport\r\n$6\r\nsecond\r\n");

        // Only subscription commands (and PING) are allowed in subscriber mode.
        const std::string refused = co_await sub.call("GET", "k");
        EXPECT_EQ(refused.substr(0, 20), "-ERR Can't execute '");

        EXPECT_EQ(co_await sub.call("UNSUBSCRIBE", "news"),
                  "*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:1\r\n");
        EXPECT_EQ(co_await pub.call("PUBLISH", "news", "late"), ":0\r\n");
        EXPECT_EQ(co_await sub.call("UNSUBSCRIBE"),
                  "*3\r\n$11\r\nunsubscribe\r\n$5\r\nsport\r\n:0\r\n");
        EXPECT_EQ(co_await sub.call("GET", "k"), "$-1\r\n");  // normal mode again
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, keys_expire_on_the_paused_clock) {
    auto rt = rt::runtime::builder().current_thread().start_paused(true).build();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client c = co_await connect(srv.addr);
        EXPECT_EQ(co_await c.call("SET", "session", "s1", "PX", "250"), "+OK\r\n");
        co_await rt::time::advance(std::chrono::milliseconds(249));
        EXPECT_EQ(co_await c.call("GET", "session"), "$2\r\ns1\r\n");
        co_await rt::time::advance(std::chrono::milliseconds(1));
        EXPECT_EQ(co_await c.call("GET", "session"), "$-1\r\n");
        EXPECT_EQ(co_await c.call("SET", "token", "t", "EX", "60"), "+OK\r\n");
        co_await rt::time::advance(std::chrono::seconds(60));
        EXPECT_EQ(co_await c.call("EXISTS", "token"), ":0\r\n");
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, an_oversized_bulk_length_closes_that_connection_only) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client good = co_await connect(srv.addr);
        EXPECT_EQ(co_await good.call("SET", "k", "before"), "+OK\r\n");

        // A pipelined PING is answered first, then the 1 TB bulk header gets the error and EOF.
        auto bad = co_await rt::net::tcp_stream::connect(srv.addr);
        const std::string input = to_wire(frame::command({"PING"})) + "*2\r\n$4\r\nECHO\r\n$999999999999\r\n";
        co_await bad.write_all(input);
        EXPECT_EQ(co_await read_all(bad), "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");

        auto garbage = co_await rt::net::tcp_stream::connect(srv.addr);
        co_await garbage.write_all(std::string_view("*1\r\n+PING\r\n"));
        EXPECT_EQ(co_await read_all(garbage), "-ERR Protocol error: expected '$', got '+'\r\n");

        EXPECT_EQ(co_await good.call("GET", "k"), "$6\r\nbefore\r\n");
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, a_peer_that_resets_mid_frame_does_not_disturb_the_others) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client good = co_await connect(srv.addr);
        {
            client rude = co_await connect(srv.addr);
            EXPECT_EQ(co_await rude.call("PING"), "+PONG\r\n");
            co_await rude.f.get_ref().write_all(std::string_view("*3\r\n$3\r\nSET\r\n$1\r\nk"));
            rude.f.get_ref().set_linger(std::chrono::seconds(0));  // closing now sends RST
        }
        EXPECT_EQ(co_await good.call("PING"), "+PONG\r\n");
        EXPECT_EQ(co_await good.call("EXISTS", "k"), ":0\r\n");
        co_await srv.shutdown();
    }());
}

TEST(mini_redis_server, shutdown_closes_idle_connections_and_returns) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client idle = co_await connect(srv.addr);
        EXPECT_EQ(co_await idle.call("PING"), "+PONG\r\n");
        co_await srv.shutdown();  // returns only once the idle connection's task ended
        EXPECT_FALSE((co_await idle.f.next()).has_value());
        bool refused = false;
        try {
            (void)co_await rt::net::tcp_stream::connect(srv.addr);
        } catch (const std::system_error&) {
            refused = true;  // the listener is gone
        }
        EXPECT_TRUE(refused);
    }());
}

TEST(mini_redis_server, shutdown_does_not_wait_forever_for_a_client_that_stopped_reading) {
    auto rt = rt::runtime::builder().current_thread().start_paused(true).build();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        client c = co_await connect(srv.addr);
        const std::string big(8 << 20, 'x');
        const frame set_big = frame::command({"SET", "big", big});
        co_await c.f.send(set_big);
        EXPECT_EQ(co_await c.reply(), "+OK\r\n");

        // An 8 MiB reply to a client with a small fixed receive buffer that reads 16 bytes and
        // stops: more than the server's send buffer (at most 4 MiB) plus the client's can hold, so
        // the server's write stalls for good. Shutdown still ends, after exactly the close grace
        // (paused time jumps to it once everything waits).
        auto sock = rt::net::tcp_socket::new_v4();
        sock.set_recv_buffer_size(64 * 1024);
        auto slow = co_await std::move(sock).connect(srv.addr);
        const std::string get_big = to_wire(frame::command({"GET", "big"}));
        co_await slow.write_all(get_big);
        std::array<std::byte, 16> some;  // the reply started: the whole of it is in the server's buffer
        EXPECT_EQ(co_await rt_test_read_exact(slow, some), some.size());
        const auto before = rt::time::instant::now();
        auto done = co_await rt::time::timeout(std::chrono::seconds(60), srv.shutdown());
        EXPECT_TRUE(done.has_value());
        EXPECT_EQ(rt::time::instant::now() - before, mini_redis::connection::close_grace);
    }());
}

TEST(mini_redis_server, concurrent_clients_on_the_multi_thread_runtime_share_one_db) {
    auto rt = rt::runtime::builder().multi_thread().worker_threads(2).build();
    rt.block_on([]() -> rt::task<void> {
        server srv = co_await start_server();
        constexpr int clients = 8, per_client = 200;
        std::vector<rt::join_handle<void>> hs;
        for (int i = 0; i < clients; ++i) {
            hs.push_back(rt::spawn([](rt::net::socket_addr addr) -> rt::task<void> {
                client c = co_await connect(addr);
                for (int k = 0; k < per_client; ++k) (void)co_await c.call("INCR", "hits");
            }, srv.addr));
        }
        for (auto& h : hs) co_await h;
        client c = co_await connect(srv.addr);
        const std::string hits = co_await c.call("GET", "hits");
        EXPECT_EQ(hits, to_wire(frame::bulk(std::to_string(clients * per_client))));
        co_await srv.shutdown();
    }());
}

}  // namespace
