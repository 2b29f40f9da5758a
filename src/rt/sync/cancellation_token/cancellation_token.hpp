// rt/sync/cancellation_token/cancellation_token.hpp — rt::sync::cancellation_token: a shareable
// "stop" signal that can form a tree (tokio-util: `tokio_util::sync::CancellationToken`).
//
// Cancelling a token cancels every token derived from it with child_token(), however deep, even
// when the tokens in between were dropped. All nodes of one tree share one mutex; a node lives as
// long as a token (or a cancelled() future) refers to it, and when its last handle goes its
// children are re-attached to its parent. Invariants (under the tree mutex): parent/children links
// are symmetric; a cancelled node's descendants are all cancelled; `cancelled` only goes
// false -> true.
#pragma once

#include <optional>
#include <utility>

#include "rt/core/poll.hpp"
#include "rt/sync/notify/notify.hpp"

namespace rt::sync {
namespace detail {
struct ct_node;
}  // namespace detail

class wait_for_cancellation_future;

/// A cancellation signal shared by copies; child tokens are cancelled with their parent.
/// Tokio: `tokio_util::sync::CancellationToken`.
class cancellation_token {
public:
    class drop_guard;

    /// A new, uncancelled root token. Tokio: `CancellationToken::new`.
    cancellation_token();
    cancellation_token(const cancellation_token& o) noexcept;
    cancellation_token(cancellation_token&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
    cancellation_token& operator=(cancellation_token o) noexcept {
        std::swap(n_, o.n_);
        return *this;
    }
    ~cancellation_token();

    /// A token cancelled together with this one (and that can be cancelled alone).
    /// Tokio: `child_token`.
    [[nodiscard]] cancellation_token child_token() const;
    /// Cancels this token and all its descendants; wakes every cancelled() future. Tokio: `cancel`.
    void cancel() const noexcept;
    /// True once cancelled (directly or through an ancestor). Tokio: `is_cancelled`.
    [[nodiscard]] bool is_cancelled() const noexcept;
    /// Waits until cancelled. Cancel safe: destroying the future only unregisters it.
    /// Tokio: `cancelled` / `cancelled_owned`.
    [[nodiscard]] wait_for_cancellation_future cancelled() const noexcept;
    /// A guard that cancels this token when destroyed. Tokio: `drop_guard`.
    [[nodiscard]] drop_guard get_drop_guard() const noexcept;

private:
    friend class wait_for_cancellation_future;
    explicit cancellation_token(detail::ct_node* n) noexcept : n_(n) {}
    detail::ct_node* n_;
};

/// Cancels its token when destroyed, unless disarmed. Tokio: `DropGuard`.
class cancellation_token::drop_guard {
public:
    explicit drop_guard(cancellation_token t) noexcept : t_(std::move(t)) {}
    drop_guard(drop_guard&& o) noexcept : t_(std::move(o.t_)) { o.t_.reset(); }
    drop_guard& operator=(drop_guard&&) = delete;
    ~drop_guard() {
        if (t_) t_->cancel();
    }
    /// Gives the token back without cancelling it. Tokio: `DropGuard::disarm`.
    cancellation_token disarm() && {
        cancellation_token t = std::move(*t_);
        t_.reset();
        return t;
    }

private:
    std::optional<cancellation_token> t_;  // empty once disarmed or moved from
};

/// Future of cancelled(): ready once the token is cancelled. Cancel safe; keeps the token alive.
/// Tokio: `WaitForCancellationFuture` / `WaitForCancellationFutureOwned`.
class wait_for_cancellation_future {
public:
    explicit wait_for_cancellation_future(cancellation_token t) noexcept : t_(std::move(t)) {}
    wait_for_cancellation_future(wait_for_cancellation_future&& o) noexcept : t_(std::move(o.t_)) {}
    poll_result<void> poll(context& cx);

private:
    cancellation_token t_;
    std::optional<notify::notified_future> wait_;
};

inline wait_for_cancellation_future cancellation_token::cancelled() const noexcept {
    return wait_for_cancellation_future(*this);
}

inline cancellation_token::drop_guard cancellation_token::get_drop_guard() const noexcept { return drop_guard(*this); }

}  // namespace rt::sync
