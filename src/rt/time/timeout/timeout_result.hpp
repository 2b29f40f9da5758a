// rt/time/timeout/timeout_result.hpp — what a timeout completes with: the value, or "elapsed".
//
// Tokio equivalent: `Result<T, tokio::time::error::Elapsed>`. Elapsing is an ordinary outcome, so
// it is a value (error rule: ordinary outcomes are values); value() turns it into an exception
// (rt::time::elapsed_error) for code that treats it as a failure, like Rust's `?`.
// Invariant: exactly one of {value, elapsed} holds.
#pragma once

#include <optional>
#include <stdexcept>
#include <utility>

namespace rt::time {

/// Thrown by timeout_result::value() when the timeout elapsed. Tokio: `time::error::Elapsed`.
class elapsed_error : public std::runtime_error {
public:
    elapsed_error() : std::runtime_error("deadline has elapsed") {}
};

/// Tag for an elapsed timeout_result.
struct elapsed_t {
    explicit constexpr elapsed_t(int) {}
};
/// `timeout_result<T>(rt::time::elapsed)` is the elapsed outcome.
inline constexpr elapsed_t elapsed{0};

/// The outcome of timeout(): the inner future's value, or elapsed. Tokio: `Result<T, Elapsed>`.
template <class T>
class [[nodiscard]] timeout_result {
public:
    /// Holds a value.
    template <class U = T>
        requires std::is_constructible_v<T, U&&>
    timeout_result(U&& value) : value_(std::in_place, std::forward<U>(value)) {}
    /// Holds "elapsed".
    timeout_result(elapsed_t) noexcept {}

    /// True when the inner future completed in time. Tokio: `Result::is_ok`.
    [[nodiscard]] bool has_value() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    /// True when the deadline came first. Tokio: `Result::is_err`.
    [[nodiscard]] bool is_elapsed() const noexcept { return !value_.has_value(); }

    /// The value; throws elapsed_error when elapsed. Tokio: `?` / `unwrap`.
    T& value() & { return check(), *value_; }
    const T& value() const& { return check(), *value_; }
    T&& value() && { return check(), std::move(*value_); }
    /// The value, or `fallback` when elapsed. Tokio: `Result::unwrap_or`.
    template <class U>
    T value_or(U&& fallback) && {
        return value_ ? std::move(*value_) : static_cast<T>(std::forward<U>(fallback));
    }
    T& operator*() & noexcept { return *value_; }
    T&& operator*() && noexcept { return std::move(*value_); }
    T* operator->() noexcept { return &*value_; }
    const T* operator->() const noexcept { return &*value_; }

private:
    void check() const {
        if (!value_) throw elapsed_error();
    }
    std::optional<T> value_;
};

/// timeout_result of a void future: completed in time, or elapsed.
template <>
class [[nodiscard]] timeout_result<void> {
public:
    /// Completed in time.
    timeout_result() noexcept : ok_(true) {}
    timeout_result(elapsed_t) noexcept {}
    [[nodiscard]] bool has_value() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    [[nodiscard]] bool is_elapsed() const noexcept { return !ok_; }
    /// Throws elapsed_error when elapsed.
    void value() const {
        if (!ok_) throw elapsed_error();
    }

private:
    bool ok_ = false;
};

}  // namespace rt::time
