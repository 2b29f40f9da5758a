// tests/mini_redis/commands.cpp — command dispatch against the db without any socket: the replies
// Redis gives for SET/GET/DEL/EXISTS/INCR/ECHO/PING/CONFIG GET, errors for wrong input, and key
// expiry on the paused clock (a value is there until its deadline, gone at it).
#include "support/rt_test.hpp"
#include "mini_redis/commands.hpp"

namespace {

using mini_redis::db;
using mini_redis::execute;
using mini_redis::resp::frame;

frame run(db& d, std::initializer_list<std::string_view> args) { return execute(d, frame::command(args)); }

TEST(mini_redis_commands, set_get_del_exists) {
    db d;
    EXPECT_EQ(run(d, {"GET", "k"}), frame::null());
    EXPECT_EQ(run(d, {"set", "k", "v1"}), frame::simple("OK"));
    EXPECT_EQ(run(d, {"GET", "k"}), frame::bulk("v1"));
    EXPECT_EQ(run(d, {"EXISTS", "k", "nope", "k"}), frame::integer_of(2));
    EXPECT_EQ(run(d, {"DEL", "k", "nope"}), frame::integer_of(1));
    EXPECT_EQ(run(d, {"GET", "k"}), frame::null());
}

TEST(mini_redis_commands, incr_counts_and_rejects_non_integers) {
    db d;
    EXPECT_EQ(run(d, {"INCR", "n"}), frame::integer_of(1));
    EXPECT_EQ(run(d, {"INCR", "n"}), frame::integer_of(2));
    EXPECT_EQ(run(d, {"DECR", "n"}), frame::integer_of(1));
    run(d, {"SET", "s", "abc"});
    EXPECT_EQ(run(d, {"INCR", "s"}), frame::error("ERR value is not an integer or out of range"));
    run(d, {"SET", "max", "9223372036854775807"});
    EXPECT_EQ(run(d, {"INCR", "max"}), frame::error("ERR increment or decrement would overflow"));
    EXPECT_EQ(run(d, {"GET", "max"}), frame::bulk("9223372036854775807"));
}

TEST(mini_redis_commands, ping_echo_config_and_errors) {
    db d;
    EXPECT_EQ(run(d, {"PING"}), frame::simple("PONG"));
    EXPECT_EQ(run(d, {"PING", "hi"}), frame::bulk("hi"));
    EXPECT_EQ(run(d, {"ECHO", "x y"}), frame::bulk("x y"));
    EXPECT_EQ(run(d, {"CONFIG", "GET", "save"}), frame::array({frame::bulk("save"), frame::bulk("")}));
    EXPECT_EQ(run(d, {"CONFIG", "GET", "maxmemory"}), frame::array({}));
    EXPECT_EQ(run(d, {"FLUSHALL"}), frame::simple("OK"));
    EXPECT_EQ(run(d, {"NOPE"}), frame::error("ERR unknown command 'NOPE', with args beginning with: "));
    EXPECT_EQ(run(d, {"GET"}), frame::error("ERR wrong number of arguments for 'get' command"));
    EXPECT_EQ(run(d, {"SET", "k", "v", "EX", "0"}), frame::error("ERR invalid expire time in 'set' command"));
    EXPECT_EQ(run(d, {"SET", "k", "v", "XX", "1"}), frame::error("ERR syntax error"));
    EXPECT_EQ(execute(d, frame::simple("GET")).type, frame::kind::error);
}

TEST(mini_redis_commands, publish_counts_subscribers) {
    db d;
    EXPECT_EQ(run(d, {"PUBLISH", "ch", "lost"}), frame::integer_of(0));
    auto q1 = d.make_subscriber();
    auto q2 = d.make_subscriber();
    d.subscribe("ch", q1);
    d.subscribe("c*", q2, true);
    EXPECT_EQ(run(d, {"PUBLISH", "ch", "m"}), frame::integer_of(2));
    EXPECT_EQ(q1->queued_bytes(), std::string("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n").size());
    EXPECT_EQ(q2->queued_bytes(), std::string("*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$1\r\nm\r\n").size());
}

TEST(mini_redis_commands, px_and_ex_expire_exactly_at_the_deadline_on_the_paused_clock) {
    auto rt = rt::runtime::builder().current_thread().start_paused(true).build();
    rt.block_on([]() -> rt::task<void> {
        db d;
        run(d, {"SET", "short", "v", "PX", "100"});
        run(d, {"SET", "long", "v", "EX", "2"});
        run(d, {"SET", "forever", "v"});
        co_await rt::time::advance(std::chrono::milliseconds(99));
        EXPECT_EQ(run(d, {"GET", "short"}), frame::bulk("v"));
        co_await rt::time::advance(std::chrono::milliseconds(1));
        EXPECT_EQ(run(d, {"GET", "short"}), frame::null());
        EXPECT_EQ(run(d, {"EXISTS", "long"}), frame::integer_of(1));
        co_await rt::time::advance(std::chrono::milliseconds(1900));
        EXPECT_EQ(run(d, {"EXISTS", "long"}), frame::integer_of(0));
        EXPECT_EQ(run(d, {"DBSIZE"}), frame::integer_of(1));
        // SET without an expiry clears an earlier one.
        run(d, {"SET", "k", "v", "PX", "10"});
        run(d, {"SET", "k", "w"});
        co_await rt::time::advance(std::chrono::seconds(1));
        EXPECT_EQ(run(d, {"GET", "k"}), frame::bulk("w"));
    }());
}

}  // namespace
