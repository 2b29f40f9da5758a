// rt/process/command/spawn.cpp — command::spawn with posix_spawn, pipes and a pidfd.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "rt/process/command/command.hpp"

extern char** environ;

namespace rt::process {

using io::detail::raise_os_error;

namespace {

// An fd that is not 0, 1 or 2 (so dup2 onto a standard fd always really happens) and CLOEXEC.
int above_stdio(int fd) {
    if (fd > 2) return fd;
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    const int e = errno;
    ::close(fd);
    if (moved < 0) raise_os_error(e, "fcntl(F_DUPFD_CLOEXEC)");
    return moved;
}

// Closes what it holds unless released: keeps spawn() from leaking on any throw.
struct fd_guard {
    int fd = -1;
    ~fd_guard() { close(); }
    void close() noexcept {
        if (fd >= 0) ::close(std::exchange(fd, -1));
    }
    int release() noexcept { return std::exchange(fd, -1); }
};

struct actions {
    posix_spawn_file_actions_t fa;
    actions() { posix_spawn_file_actions_init(&fa); }
    ~actions() { posix_spawn_file_actions_destroy(&fa); }
};

// Sets up one standard fd of the child; for a pipe, returns the parent's end in `parent`.
void plan_stdio(actions& a, stdio s, int target, fd_guard& parent, fd_guard& child_end) {
    switch (s.what()) {
        case stdio::kind::inherit: return;
        case stdio::kind::null:
            posix_spawn_file_actions_addopen(&a.fa, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
            return;
        case stdio::kind::piped: {
            int fds[2];
            if (::pipe2(fds, O_CLOEXEC) < 0) raise_os_error("pipe2");
            fd_guard r{fds[0]};
            fd_guard w{fds[1]};
            r.fd = above_stdio(r.release());
            w.fd = above_stdio(w.release());
            const bool child_reads = target == 0;
            parent.fd = child_reads ? w.release() : r.release();
            child_end.fd = child_reads ? r.release() : w.release();
            posix_spawn_file_actions_adddup2(&a.fa, child_end.fd, target);  // dup2 clears CLOEXEC on target
            return;
        }
    }
}

std::vector<std::string> build_env(bool clear, const std::map<std::string, std::optional<std::string>>& changes) {
    std::map<std::string, std::string> env;
    if (!clear) {
        for (char** e = environ; e && *e; ++e) {
            const char* eq = std::strchr(*e, '=');
            if (eq) env.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
        }
    }
    for (const auto& [k, v] : changes) {
        if (v) {
            env[k] = *v;
        } else {
            env.erase(k);
        }
    }
    std::vector<std::string> out;
    for (const auto& [k, v] : env) out.push_back(k + "=" + v);
    return out;
}

}  // namespace

child command::spawn() { return spawn_with(in_.value_or(stdio::inherit()), out_.value_or(stdio::inherit()), err_.value_or(stdio::inherit())); }

child command::spawn_with(stdio in, stdio out, stdio err) {
    actions a;
    fd_guard p_in, c_in, p_out, c_out, p_err, c_err;
    plan_stdio(a, in, 0, p_in, c_in);
    plan_stdio(a, out, 1, p_out, c_out);
    plan_stdio(a, err, 2, p_err, c_err);
    if (cwd_) posix_spawn_file_actions_addchdir_np(&a.fa, cwd_->c_str());

    std::vector<std::string> env = build_env(env_clear_, env_);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<char*> argv;
    argv.push_back(program_.data());
    for (auto& s : args_) argv.push_back(s.data());
    argv.push_back(nullptr);

    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, program_.c_str(), &a.fa, nullptr, argv.data(), envp.data());
    if (rc != 0) raise_os_error(rc, ("spawn " + program_).c_str());
    // The child has its copies; close ours so EOF propagates.
    c_in.close();
    c_out.close();
    c_err.close();

    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) {
        const int e = errno;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        raise_os_error(e, "pidfd_open");
    }
    try {
        io::detail::io_source watch(pidfd);  // first, so a failure here cannot strand a pipe
        std::optional<pipe_writer> w;
        std::optional<pipe_reader> r_out, r_err;
        if (p_in.fd >= 0) w.emplace(io::detail::io_source(p_in.release()));
        if (p_out.fd >= 0) r_out.emplace(io::detail::io_source(p_out.release()));
        if (p_err.fd >= 0) r_err.emplace(io::detail::io_source(p_err.release()));
        return child(pid, std::move(watch), kill_on_drop_, std::move(w), std::move(r_out), std::move(r_err));
    } catch (...) {
        ::kill(pid, SIGKILL);  // no runtime to watch it: do not leave an unmanaged child behind
        ::waitpid(pid, nullptr, 0);
        throw;
    }
}

task<output> command::output() {
    child c = spawn_with(in_.value_or(stdio::null()), out_.value_or(stdio::piped()), err_.value_or(stdio::piped()));
    co_return co_await std::move(c).wait_with_output();
}

task<exit_status> command::status() {
    child c = spawn();
    co_return co_await c.wait();
}

}  // namespace rt::process
