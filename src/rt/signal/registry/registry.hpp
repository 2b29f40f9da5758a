// rt/signal/registry/registry.hpp — the process-wide table of signal listeners.
//
// Tokio equivalent: `tokio::signal::registry` + the self-pipe of `signal-hook-registry`. A signal
// handler (installed once per signal, never removed, as in Tokio) writes the signal number to a
// self-pipe; one dispatcher thread reads the pipe and marks every listener of that signal pending
// and wakes it — so every runtime (and code outside any runtime) receives every signal.
// Invariant: a delivery that happens after a listener registered is never lost; deliveries that
// arrive while a listener is already pending coalesce into one (as OS signals do).
#pragma once

#include <cstdint>
#include <memory>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/shim/sync.hpp"

namespace rt::signal::detail {

/// One receiver's state: a pending flag and the waker of the task waiting in recv().
struct listener {
    shim::mutex mu;
    bool pending = false;
    waker waiter;
    std::uint64_t token = 0;       // identifies the future whose waker is stored
    std::uint64_t next_token = 0;
    int signum = 0;

    /// Ready (and clears pending) when a signal arrived; otherwise stores cx's waker.
    poll_result<void> poll(context& cx, std::uint64_t& tok);
    /// Drops the waker stored by the future that got `tok`.
    void forget(std::uint64_t tok) noexcept;
};

/// Installs the handler for `signum` (once) and registers a listener. Throws std::system_error
/// (EINVAL) for signals that cannot be handled (SIGKILL, SIGSTOP, SIGSEGV, SIGILL, SIGFPE).
std::shared_ptr<listener> subscribe(int signum);
/// Removes a listener; it is never woken afterwards.
void unsubscribe(const std::shared_ptr<listener>& l) noexcept;

}  // namespace rt::signal::detail
