// rt/process/child/child.hpp — a spawned child process: its pipes, waiting, killing, exit status.
//
// Tokio equivalent: `tokio::process::Child` and `std::process::ExitStatus`. wait() watches a
// pidfd through the reactor (no thread, no SIGCHLD handler). Invariant: the child is reaped at
// most once; after that wait()/try_wait() return the cached status and kill() is a no-op. With
// kill_on_drop, dropping an unreaped child sends SIGKILL and reaps it; without it a running
// child is left running (it is reaped if it already exited).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "rt/core/task.hpp"
#include "rt/io/reactor/io_source.hpp"
#include "rt/process/pipe/pipe_stream.hpp"

namespace rt::process {

/// How a child ended. Tokio: `std::process::ExitStatus`.
class exit_status {
public:
    explicit exit_status(int raw = 0) noexcept : raw_(raw) {}
    /// True when it exited with code 0. Tokio: `success`.
    [[nodiscard]] bool success() const noexcept { return code() == 0; }
    /// The exit code, or nullopt when a signal ended it. Tokio: `code`.
    [[nodiscard]] std::optional<int> code() const noexcept;
    /// The signal that ended it, if any. Tokio: `ExitStatusExt::signal`.
    [[nodiscard]] std::optional<int> signal() const noexcept;
    /// The raw wait status. Tokio: `ExitStatusExt::into_raw`.
    [[nodiscard]] int raw() const noexcept { return raw_; }

private:
    int raw_;
};

/// What command::output() and child::wait_with_output() collect. Tokio: `std::process::Output`.
struct output {
    exit_status status;
    std::string stdout_data;
    std::string stderr_data;
};

namespace detail {
/// One waitpid(WNOHANG) attempt: the status once the child exited (caches it in `*cached`).
struct wait_fn {
    pid_t pid;
    std::optional<exit_status>* cached;
    io::detail::attempt<exit_status> operator()() const;
};
}  // namespace detail

/// Future of child::wait(). Tokio: `Child::wait`.
using wait_future = io::detail::io_op<detail::wait_fn>;

/// A running (or finished) child process. Tokio: `tokio::process::Child`.
class child {
public:
    child(pid_t pid, io::detail::io_source pidfd, bool kill_on_drop, std::optional<pipe_writer> in, std::optional<pipe_reader> out,
          std::optional<pipe_reader> err);
    child(child&& o) noexcept;
    child& operator=(child&&) = delete;
    ~child();

    /// The OS process id (nullopt once reaped). Tokio: `Child::id`.
    [[nodiscard]] std::optional<std::uint32_t> id() const noexcept;
    /// The piped stdin, taken out (nullopt if not piped or already taken). Tokio: `child.stdin.take()`.
    std::optional<child_stdin> take_stdin() noexcept { return std::exchange(stdin_, std::nullopt); }
    /// The piped stdout, taken out. Tokio: `child.stdout.take()`.
    std::optional<child_stdout> take_stdout() noexcept { return std::exchange(stdout_, std::nullopt); }
    /// The piped stderr, taken out. Tokio: `child.stderr.take()`.
    std::optional<child_stderr> take_stderr() noexcept { return std::exchange(stderr_, std::nullopt); }

    /// Waits for the child to exit (closing our stdin first, as Tokio does). Tokio: `Child::wait`.
    wait_future wait();
    /// The status if the child has exited, without waiting. Tokio: `Child::try_wait`.
    std::optional<exit_status> try_wait();
    /// Sends SIGKILL (no-op once reaped). Tokio: `Child::start_kill`.
    void start_kill();
    /// Sends SIGKILL and waits for the child to exit. Tokio: `Child::kill`.
    task<void> kill();
    /// Reads stdout and stderr to the end while waiting. Tokio: `Child::wait_with_output`.
    task<output> wait_with_output() &&;

private:
    pid_t pid_;
    io::detail::io_source pidfd_;
    bool kill_on_drop_;
    std::optional<exit_status> status_;
    std::optional<pipe_writer> stdin_;
    std::optional<pipe_reader> stdout_;
    std::optional<pipe_reader> stderr_;
};

}  // namespace rt::process
