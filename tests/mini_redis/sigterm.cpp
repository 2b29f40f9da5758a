// tests/mini_redis/sigterm.cpp — the mini_redis program as an operator runs it (issue #16 item 7):
// SIGTERM, what systemd and container runtimes send, is handled like Ctrl-C — the server stops
// accepting, answers every command it already received, and exits with status 0 (it used to die
// with 143 and reset clients that had unanswered commands). Spawns the real program (built with
// the examples; RT_EXAMPLE_EXE is its path) on a free port that it reports on stderr.
#include <csignal>
#include <string>

#include "support/rt_test.hpp"
#include "mini_redis/resp.hpp"

namespace {

using mini_redis::resp::frame;
using mini_redis::resp::to_wire;

#ifdef RT_EXAMPLE_EXE
/// Reads the child's stderr until the "listening on HOST:PORT" line; returns the address.
rt::task<std::string> listening_addr(rt::process::child_stderr& err) {
    std::string seen;
    std::array<std::byte, 256> buf;
    for (;;) {
        const auto at = seen.find("listening on ");
        if (at != std::string::npos) {
            const auto end = seen.find('\n', at);
            if (end != std::string::npos) co_return seen.substr(at + 13, end - at - 13);
        }
        const std::size_t n = co_await err.read(buf);
        if (n == 0) throw std::runtime_error("mini_redis ended before listening: " + seen);
        seen.append(reinterpret_cast<const char*>(buf.data()), n);
    }
}
#endif

TEST(mini_redis_program, sigterm_answers_received_commands_and_exits_zero) {
#ifndef RT_EXAMPLE_EXE
    GTEST_SKIP() << "the mini_redis program is not built (RT_BUILD_EXAMPLES=OFF)";
#else
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        rt::process::command cmd(RT_EXAMPLE_EXE);
        cmd.arg("--port").arg("0").stdin(rt::process::stdio::null()).stdout(rt::process::stdio::null());
        cmd.stderr(rt::process::stdio::piped()).kill_on_drop(true);
        auto child = cmd.spawn();
        auto err = *child.take_stderr();
        const std::string addr = co_await listening_addr(err);
        auto s = co_await rt::net::tcp_stream::connect(*rt::net::socket_addr::parse(addr));
        // The first reply proves the connection is being served; the batch after it is in the
        // server's socket (loopback delivers within write) before SIGTERM is sent.
        const std::string ping = to_wire(frame::command({"PING"}));
        co_await s.write_all(ping);
        std::array<std::byte, 7> pong;
        std::size_t got = 0;
        while (got < pong.size()) got += co_await s.read(std::span(pong).subspan(got));
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(pong.data()), got), "+PONG\r\n");
        std::string batch;
        constexpr int n = 200;
        for (int i = 0; i < n; ++i) batch += to_wire(frame::command({"INCR", "k"}));
        co_await s.write_all(batch);
        EXPECT_EQ(::kill(static_cast<pid_t>(*child.id()), SIGTERM), 0);
        std::string replies;
        std::array<std::byte, 4096> buf;
        while (auto k = co_await s.read(buf)) replies.append(reinterpret_cast<const char*>(buf.data()), k);
        std::string expected;
        for (int i = 1; i <= n; ++i) expected += ":" + std::to_string(i) + "\r\n";
        EXPECT_EQ(replies, expected);
        auto status = co_await child.wait();
        EXPECT_EQ(status.code(), std::optional<int>(0));
    }());
#endif
}

}  // namespace
