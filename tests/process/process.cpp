// tests/process/process.cpp — child processes: piped stdin/stdout round trip and exit codes,
// env/cwd/args, output() with both pipes, kill and kill_on_drop, spawn failures.
// Arguments are added one by one: g++-12 rejects braced std::string lists inside coroutines.
#include "support/rt_test.hpp"
#include "net/net_test_util.hpp"

#include <sys/wait.h>

namespace {

using rt::process::command;
using rt::process::stdio;

TEST(process, piped_stdin_stdout_round_trip_and_exit_code) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        // The child copies stdin to stdout, then exits 3.
        auto c = command("/bin/sh").arg("-c").arg("cat; exit 3").stdin(stdio::piped()).stdout(stdio::piped()).spawn();
        EXPECT_TRUE(c.id().has_value());
        auto in = c.take_stdin();
        auto out = c.take_stdout();
        EXPECT_TRUE(in && out);
        std::string payload(200'000, 'x');  // more than a pipe buffer: needs concurrent reading
        auto writer = rt::spawn([](rt::process::child_stdin in, const std::string& p) -> rt::task<void> {
            co_await in.write_all(p);
            in.close();  // EOF for cat
        }, std::move(*in), std::cref(payload));
        const std::string echoed = co_await rt_test::read_to_end(*out);
        co_await writer;
        auto status = co_await c.wait();
        EXPECT_EQ(echoed.size(), payload.size());
        EXPECT_FALSE(status.success());
        EXPECT_EQ(status.code(), 3);
        EXPECT_FALSE(c.id().has_value());        // reaped
        EXPECT_EQ((co_await c.wait()).code(), 3);  // cached
    }());
}

TEST(process, output_collects_stdout_and_stderr_with_env_cwd_and_args) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto out = co_await command("sh")
                       .arg("-c")
                       .arg("echo \"$RT_TEST_VAR:$(pwd):$0\"; echo oops >&2")
                       .arg("arg0")
                       .env("RT_TEST_VAR", "hello")
                       .current_dir("/tmp")
                       .output();
        EXPECT_TRUE(out.status.success());
        EXPECT_EQ(out.stdout_data, "hello:/tmp:arg0\n");
        EXPECT_EQ(out.stderr_data, "oops\n");

        auto cleared = co_await command("/bin/sh").arg("-c").arg("echo \"[$HOME]\"").env_clear().output();
        EXPECT_EQ(cleared.stdout_data, "[]\n");
    }());
}

TEST(process, kill_ends_a_running_child_with_sigkill) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto c = command("sleep").arg("30").spawn();
        EXPECT_FALSE(c.try_wait().has_value());
        co_await c.kill();
        auto st = c.try_wait();
        EXPECT_TRUE(st.has_value());
        if (st) {
            EXPECT_EQ(st->signal(), SIGKILL);
            EXPECT_FALSE(st->code().has_value());
        }
    }());
}

TEST(process, kill_on_drop_kills_and_reaps_the_child) {
    auto rt = rt_test::current_thread_runtime();
    pid_t pid = 0;
    rt.block_on([&]() -> rt::task<void> {
        auto c = command("sleep").arg("30").kill_on_drop(true).spawn();
        pid = static_cast<pid_t>(*c.id());
        co_return;
    }());
    ASSERT_GT(pid, 0);
    // Reaped: the pid is no longer our child.
    errno = 0;
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(process, cancelled_wait_leaves_the_child_waitable) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto c = command("/bin/sh").arg("-c").arg("read line; exit 7").stdin(stdio::piped()).spawn();
        auto in = c.take_stdin();
        {
            auto w = c.wait();
            EXPECT_FALSE(co_await rt_test::poll_once{w});
        }  // dropped while pending
        in.reset();  // the child reads EOF and exits
        EXPECT_EQ((co_await c.wait()).code(), 7);
    }());
}

TEST(process, missing_program_throws_enoent) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        const std::size_t fds = rt_test::open_fds();
        try {
            auto c = command("/nonexistent/program").stdout(stdio::piped()).spawn();
            ADD_FAILURE() << "spawned";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory) << e.what();
        }
        EXPECT_EQ(rt_test::open_fds(), fds);  // the pipe was closed again
        co_return;
    }());
}

}  // namespace
