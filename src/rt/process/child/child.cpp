// rt/process/child/child.cpp — see child.hpp.
#include "rt/process/child/child.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <array>

namespace rt::process {

using io::detail::raise_os_error;

std::optional<int> exit_status::code() const noexcept {
    if (WIFEXITED(raw_)) return WEXITSTATUS(raw_);
    return std::nullopt;
}

std::optional<int> exit_status::signal() const noexcept {
    if (WIFSIGNALED(raw_)) return WTERMSIG(raw_);
    return std::nullopt;
}

io::detail::attempt<exit_status> detail::wait_fn::operator()() const {
    if (*cached) return **cached;
    int st = 0;
    pid_t r;
    do r = ::waitpid(pid, &st, WNOHANG); while (r < 0 && errno == EINTR);
    if (r < 0) raise_os_error("waitpid");
    if (r == 0) return std::nullopt;  // still running: wait for the pidfd again
    cached->emplace(st);
    return **cached;
}

child::child(pid_t pid, io::detail::io_source pidfd, bool kill_on_drop, std::optional<pipe_writer> in,
             std::optional<pipe_reader> out, std::optional<pipe_reader> err)
    : pid_(pid), pidfd_(std::move(pidfd)), kill_on_drop_(kill_on_drop), stdin_(std::move(in)), stdout_(std::move(out)),
      stderr_(std::move(err)) {}

child::child(child&& o) noexcept
    : pid_(std::exchange(o.pid_, -1)), pidfd_(std::move(o.pidfd_)), kill_on_drop_(o.kill_on_drop_), status_(o.status_),
      stdin_(std::move(o.stdin_)), stdout_(std::move(o.stdout_)), stderr_(std::move(o.stderr_)) {}

child::~child() {
    if (pid_ <= 0 || status_) return;
    if (kill_on_drop_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);  // SIGKILL cannot be ignored: this returns promptly
    } else {
        ::waitpid(pid_, nullptr, WNOHANG);  // reap it if it already exited; else leave it running
    }
}

std::optional<std::uint32_t> child::id() const noexcept {
    if (pid_ <= 0 || status_) return std::nullopt;
    return static_cast<std::uint32_t>(pid_);
}

wait_future child::wait() {
    stdin_.reset();  // a child reading stdin to EOF would otherwise never exit
    return {pidfd_, io::detail::direction::read, {pid_, &status_}};
}

std::optional<exit_status> child::try_wait() { return detail::wait_fn{pid_, &status_}(); }

void child::start_kill() {
    if (status_ || pid_ <= 0) return;
    if (::kill(pid_, SIGKILL) < 0 && errno != ESRCH) raise_os_error("kill");
}

task<void> child::kill() {
    start_kill();
    co_await wait();
}

namespace {

// Reads two pipes to EOF at once (a child blocked writing stderr while we wait on stdout would
// otherwise deadlock). A leaf future: each poll drains whichever pipe has data.
struct drain_both {
    std::optional<pipe_reader>* pipes[2];
    std::string* sinks[2];
    bool done[2] = {false, false};
    std::array<std::byte, 4096> buf{};

    poll_result<void> poll(context& cx) {
        for (int i = 0; i < 2; ++i) {
            if (!*pipes[i]) done[i] = true;
            while (!done[i]) {
                auto r = (*pipes[i])->poll_read(cx, buf);
                if (r.is_pending()) break;
                const std::size_t n = r.take();
                if (n == 0) {
                    done[i] = true;
                } else {
                    sinks[i]->append(reinterpret_cast<const char*>(buf.data()), n);
                }
            }
        }
        if (done[0] && done[1]) return ready();
        return pending;
    }
};

task<output> collect(child c) {
    output out;
    std::optional<pipe_reader> o = c.take_stdout();
    std::optional<pipe_reader> e = c.take_stderr();
    co_await drain_both{{&o, &e}, {&out.stdout_data, &out.stderr_data}};
    out.status = co_await c.wait();
    co_return out;
}

}  // namespace

task<output> child::wait_with_output() && { return collect(std::move(*this)); }

}  // namespace rt::process
