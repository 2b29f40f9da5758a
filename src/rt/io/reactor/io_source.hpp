// rt/io/reactor/io_source.hpp — an owned, non-blocking file descriptor registered with the reactor,
// and the readiness loop every socket/pipe operation runs.
//
// Tokio equivalent: `PollEvented` + `Registration`. Invariant: while an io_source holds an fd, the
// fd is registered with exactly one reactor; destruction deregisters it before closing it. Every
// operation future owns an io_waiter (its registration for a wake-up); destroying the future
// unregisters it, so cancelling it by select, timeout or drop leaves the source usable, and any
// number of futures may wait on one direction at once (each is woken).
#pragma once

#include <cerrno>
#include <cstdint>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/io/reactor/reactor.hpp"
#include "rt/io/reactor/scheduled_io.hpp"

namespace rt::io::detail {

/// Throws std::system_error for `errno` naming `what`.
[[noreturn]] void raise_os_error(const char* what);
/// Throws std::system_error(err) naming `what`.
[[noreturn]] void raise_os_error(int err, const char* what);

/// Result of a syscall attempt: a value, or nullopt for "would block" (EAGAIN). Other errors throw.
template <class T>
using attempt = std::optional<T>;

/// Interprets a syscall's return: n >= 0 -> n; EAGAIN -> nullopt; anything else throws.
inline attempt<std::size_t> check_io(long n, const char* what) {
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
    raise_os_error(what);
}

class io_source {
public:
    io_source() noexcept = default;
    /// Takes ownership of `fd`, makes it non-blocking and registers it with the current runtime's
    /// reactor. Closes the fd and throws if that fails.
    explicit io_source(int fd);
    io_source(io_source&& o) noexcept
        : fd_(std::exchange(o.fd_, -1)), core_(std::move(o.core_)), io_(std::exchange(o.io_, nullptr)) {}
    io_source& operator=(io_source&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
            core_ = std::move(o.core_);
            io_ = std::exchange(o.io_, nullptr);
        }
        return *this;
    }
    ~io_source() { reset(); }

    [[nodiscard]] int fd() const noexcept { return fd_; }
    [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
    /// Deregisters and closes the fd.
    void reset() noexcept;
    /// Deregisters and gives the fd back to the caller (still non-blocking).
    int release() noexcept;

    /// Readiness for `d` (registers `w` with cx's waker when pending). Throws if the reactor shut
    /// down.
    poll_result<ready_event> poll_ready(context& cx, direction d, io_waiter& w);

    /// One attempt without waiting (Tokio: `Registration::try_io`, behind `try_read`/`try_write`):
    /// runs `attempt_fn()` and, when it would block, clears the readiness seen before it, so the
    /// next readable()/writable() waits for a new event instead of completing at once.
    template <class F>
    auto try_io(direction d, F&& attempt_fn) -> std::invoke_result_t<F&> {
        const ready_event before = io_->current();
        auto r = attempt_fn();
        if (!r) io_->clear_readiness(before, would_block_mask(d));
        return r;
    }

    /// The readiness loop: wait for `d`, try `attempt_fn()` (returns attempt<T>); on would-block
    /// clear the readiness (only if no newer event) and wait again. Spends coop budget. A functor
    /// with `drained(value)` reports a short transfer on a stream (the kernel buffer was emptied,
    /// or filled): the readiness is cleared then too, so the next operation waits for an event
    /// instead of spending a syscall on EAGAIN (Tokio's PollEvented does the same).
    template <class F>
    auto poll_io(context& cx, direction d, io_waiter& w, F&& attempt_fn)
        -> poll_result<typename std::invoke_result_t<F&>::value_type> {
        if (!coop::poll_proceed(cx)) return pending;
        for (;;) {
            auto ev = poll_ready(cx, d, w);
            if (ev.is_pending()) return pending;
            auto r = attempt_fn();
            if (r) {
                if constexpr (requires { attempt_fn.drained(*r); }) {
                    if (attempt_fn.drained(*r)) io_->clear_readiness(ev.value(), clearable_mask(d));
                }
                coop::consume();
                return std::move(*r);
            }
            // Would block: at most one more turn of this loop (the cleared bits cannot come back
            // without a new event, which bumps the tick), then pending with the waker stored.
            io_->clear_readiness(ev.value(), would_block_mask(d));
        }
    }

private:
    int fd_ = -1;
    std::shared_ptr<reactor_core> core_;
    scheduled_io* io_ = nullptr;
};

/// A future running one operation through io_source::poll_io; destroying it while pending
/// unregisters its waiter (io_waiter's destructor). Tokio: the futures behind `readable()`, `read()`, `accept()`...
template <class F>
class io_op {
public:
    using output = typename std::invoke_result_t<F&>::value_type;
    io_op(io_source& src, direction d, F f) : src_(&src), d_(d), f_(std::move(f)) {}
    io_op(io_op&&) noexcept = default;
    io_op(const io_op&) = delete;
    io_op& operator=(const io_op&) = delete;

    poll_result<output> poll(context& cx) { return src_->poll_io(cx, d_, waiter_, f_); }

private:
    io_source* src_;
    direction d_;
    F f_;
    io_waiter waiter_;
};

/// A future that is ready as soon as `d` has readiness (without consuming it). Tokio: `readable()`.
class readiness_op {
public:
    readiness_op(io_source& src, direction d) noexcept : src_(&src), d_(d) {}
    readiness_op(readiness_op&&) noexcept = default;
    poll_result<void> poll(context& cx) {
        if (!coop::poll_proceed(cx)) return pending;
        if (src_->poll_ready(cx, d_, waiter_).is_pending()) return pending;
        coop::consume();
        return ready();
    }

private:
    io_source* src_;
    direction d_;
    io_waiter waiter_;
};

}  // namespace rt::io::detail
