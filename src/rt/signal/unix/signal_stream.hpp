// rt/signal/unix/signal_stream.hpp — async streams of Unix signals, and ctrl_c().
//
// Tokio equivalent: `tokio::signal::unix::{signal, Signal, SignalKind}` and `tokio::signal::ctrl_c`.
// Invariant: a signal delivered after the stream was created is seen by the next recv(), however
// long after it arrived (several deliveries in between coalesce into one).
#pragma once

#include <memory>
#include <utility>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/signal/registry/registry.hpp"

// GNU dialects predefine `unix` as 1; keep the Tokio spelling rt::signal::unix working here.
#pragma push_macro("unix")
#undef unix

namespace rt::signal {

namespace unix {

/// Which signal to listen for. Tokio: `SignalKind`.
class signal_kind {
public:
    /// Any signal number (validated when subscribing). Tokio: `SignalKind::from_raw`.
    static constexpr signal_kind from_raw(int signum) noexcept { return signal_kind(signum); }
    /// SIGINT. Tokio: `SignalKind::interrupt`.
    static signal_kind interrupt() noexcept;
    /// SIGTERM. Tokio: `SignalKind::terminate`.
    static signal_kind terminate() noexcept;
    /// SIGHUP. Tokio: `SignalKind::hangup`.
    static signal_kind hangup() noexcept;
    /// SIGQUIT. Tokio: `SignalKind::quit`.
    static signal_kind quit() noexcept;
    /// SIGCHLD. Tokio: `SignalKind::child`.
    static signal_kind child() noexcept;
    /// SIGUSR1. Tokio: `SignalKind::user_defined1`.
    static signal_kind user_defined1() noexcept;
    /// SIGUSR2. Tokio: `SignalKind::user_defined2`.
    static signal_kind user_defined2() noexcept;
    /// The signal number. Tokio: `SignalKind::as_raw_value`.
    [[nodiscard]] constexpr int as_raw_value() const noexcept { return signum_; }

private:
    constexpr explicit signal_kind(int s) noexcept : signum_(s) {}
    int signum_;
};

/// A stream of one signal's deliveries; `co_await s.recv()` waits for the next. Tokio: `Signal`.
class signal_stream {
public:
    /// Future of recv(): true when a signal arrived. Tokio: `Signal::recv` (always `Some(())`).
    class recv_future {
    public:
        explicit recv_future(signal::detail::listener& l) noexcept : l_(&l) {}
        recv_future(recv_future&& o) noexcept : l_(o.l_), token_(std::exchange(o.token_, 0)) {}
        ~recv_future() { l_->forget(token_); }
        poll_result<bool> poll(context& cx) {
            if (l_->poll(cx, token_).is_pending()) return pending;
            token_ = 0;
            return true;
        }

    private:
        signal::detail::listener* l_;
        std::uint64_t token_ = 0;
    };

    explicit signal_stream(signal_kind kind) : l_(signal::detail::subscribe(kind.as_raw_value())) {}
    signal_stream(signal_stream&&) noexcept = default;
    signal_stream& operator=(signal_stream&& o) noexcept {
        signal::detail::unsubscribe(l_);
        l_ = std::move(o.l_);
        return *this;
    }
    ~signal_stream() { signal::detail::unsubscribe(l_); }

    /// Waits for the next delivery. Tokio: `Signal::recv`.
    recv_future recv() noexcept { return recv_future(*l_); }
    /// Poll form of recv (single waiter). Tokio: `Signal::poll_recv`.
    poll_result<bool> poll_recv(context& cx) {
        if (l_->poll(cx, poll_token_).is_pending()) return pending;
        return true;
    }

private:
    std::shared_ptr<signal::detail::listener> l_;
    std::uint64_t poll_token_ = 0;
};

/// Starts listening for `kind`: deliveries from now on are seen by recv(). Throws
/// std::system_error for signals that cannot be handled. Tokio: `tokio::signal::unix::signal`.
inline signal_stream signal(signal_kind kind) { return signal_stream(kind); }

}  // namespace unix

/// Future of ctrl_c(): completes at the next SIGINT after it was created. Tokio: `ctrl_c()`.
class ctrl_c_future {
public:
    ctrl_c_future() : s_(unix::signal_kind::interrupt()) {}
    poll_result<void> poll(context& cx) {
        if (s_.poll_recv(cx).is_pending()) return pending;
        return ready();
    }

private:
    unix::signal_stream s_;
};

/// Waits for Ctrl-C (SIGINT); once used, SIGINT no longer kills the process (as in Tokio).
/// Tokio: `tokio::signal::ctrl_c`.
inline ctrl_c_future ctrl_c() { return ctrl_c_future(); }

}  // namespace rt::signal

#pragma pop_macro("unix")
