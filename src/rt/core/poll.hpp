// rt/core/poll.hpp — the result of polling a future once: ready with a value, or pending.
//
// Tokio equivalent: `std::task::Poll<T>`. A leaf future's `poll(rt::context&)` returns
// `poll_result<T>`; returning `rt::pending` promises that the context's waker was registered
// (or woken) so the task will be polled again.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

namespace rt {

/// Tag for "not ready yet": `return rt::pending;` from a future's poll. Tokio: `Poll::Pending`.
struct pending_t {
    explicit constexpr pending_t(int) {}
};
inline constexpr pending_t pending{0};

/// Outcome of one poll: either pending or ready with a `T`. Tokio: `Poll<T>`.
template <class T>
class [[nodiscard]] poll_result {
public:
    using value_type = T;
    constexpr poll_result(pending_t) noexcept {}
    template <class U = T>
        requires std::is_constructible_v<T, U&&>
    constexpr poll_result(U&& value) : value_(std::in_place, std::forward<U>(value)) {}

    /// True when the future completed.
    [[nodiscard]] constexpr bool is_ready() const noexcept { return value_.has_value(); }
    /// True when the future must be polled again after a wake.
    [[nodiscard]] constexpr bool is_pending() const noexcept { return !value_.has_value(); }
    /// Moves the value out; only valid when ready.
    constexpr T take() { return std::move(*value_); }
    constexpr T& value() & { return *value_; }

private:
    std::optional<T> value_;
};

/// `poll_result<void>`: ready carries nothing.
template <>
class [[nodiscard]] poll_result<void> {
public:
    using value_type = void;
    constexpr poll_result(pending_t) noexcept {}
    constexpr poll_result() noexcept : ready_(true) {}
    [[nodiscard]] constexpr bool is_ready() const noexcept { return ready_; }
    [[nodiscard]] constexpr bool is_pending() const noexcept { return !ready_; }
    constexpr void take() const noexcept {}

private:
    bool ready_ = false;
};

/// The ready `poll_result<void>`: `return rt::ready();`. Tokio: `Poll::Ready(())`.
constexpr poll_result<void> ready() noexcept { return {}; }

template <class T>
struct is_poll_result : std::false_type {};
template <class T>
struct is_poll_result<poll_result<T>> : std::true_type {};

}  // namespace rt
