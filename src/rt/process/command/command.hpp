// rt/process/command/command.hpp — building and spawning a child process.
//
// Tokio equivalent: `tokio::process::Command` and `std::process::Stdio`. Invariant: spawn() either
// returns a child whose pipes are registered with the current runtime, or throws (e.g. ENOENT
// for a missing program) and leaves no process and no open descriptor behind.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rt/core/task.hpp"
#include "rt/process/child/child.hpp"

namespace rt::process {

/// What a child's stdin/stdout/stderr is connected to. Tokio: `std::process::Stdio`.
class stdio {
public:
    /// A new pipe to the parent (an async stream on the child object). Tokio: `Stdio::piped`.
    static stdio piped() noexcept { return stdio(kind::piped); }
    /// The parent's own descriptor. Tokio: `Stdio::inherit`.
    static stdio inherit() noexcept { return stdio(kind::inherit); }
    /// /dev/null. Tokio: `Stdio::null`.
    static stdio null() noexcept { return stdio(kind::null); }

    enum class kind { inherit, piped, null };
    [[nodiscard]] kind what() const noexcept { return k_; }

private:
    explicit stdio(kind k) noexcept : k_(k) {}
    kind k_;
};

/// A process builder: program, arguments, environment, directory, stdio. Tokio: `Command`.
class command {
public:
    /// Runs `program` (looked up in PATH when it has no slash). Tokio: `Command::new`.
    explicit command(std::string program) : program_(std::move(program)) {}

    /// Adds one argument. Tokio: `arg`.
    command& arg(std::string a) { args_.push_back(std::move(a)); return *this; }
    /// Adds arguments. Tokio: `args`.
    command& args(const std::vector<std::string>& as) { args_.insert(args_.end(), as.begin(), as.end()); return *this; }
    command& args(std::initializer_list<std::string> as) { args_.insert(args_.end(), as.begin(), as.end()); return *this; }
    /// Sets an environment variable for the child. Tokio: `env`.
    command& env(std::string key, std::string value) { env_[std::move(key)] = std::move(value); return *this; }
    /// Removes a variable from the child's environment. Tokio: `env_remove`.
    command& env_remove(std::string key) { env_[std::move(key)] = std::nullopt; return *this; }
    /// Starts the child with an empty environment (plus env() entries). Tokio: `env_clear`.
    command& env_clear() { env_clear_ = true; env_.clear(); return *this; }
    /// The child's working directory. Tokio: `current_dir`.
    command& current_dir(std::string dir) { cwd_ = std::move(dir); return *this; }
    /// The child's stdin (default: inherit for spawn). Tokio: `stdin`.
    command& stdin(stdio s) noexcept { in_ = s; return *this; }
    /// The child's stdout. Tokio: `stdout`.
    command& stdout(stdio s) noexcept { out_ = s; return *this; }
    /// The child's stderr. Tokio: `stderr`.
    command& stderr(stdio s) noexcept { err_ = s; return *this; }
    /// Kill the child with SIGKILL when its child object is dropped unreaped. Tokio: `kill_on_drop`.
    command& kill_on_drop(bool on) noexcept { kill_on_drop_ = on; return *this; }

    /// Starts the process (needs a runtime). Throws std::system_error. Tokio: `spawn`.
    child spawn();
    /// Runs it with stdout and stderr piped (stdin null) and collects them. Tokio: `output`.
    task<rt::process::output> output();
    /// Runs it to completion and returns its status. Tokio: `status`.
    task<exit_status> status();

private:
    child spawn_with(stdio in, stdio out, stdio err);

    std::string program_;
    std::vector<std::string> args_;
    std::map<std::string, std::optional<std::string>> env_;  // nullopt: remove
    bool env_clear_ = false;
    std::optional<std::string> cwd_;
    std::optional<stdio> in_, out_, err_;
    bool kill_on_drop_ = false;
};

}  // namespace rt::process
