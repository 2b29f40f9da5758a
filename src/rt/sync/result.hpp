// rt/sync/result.hpp — rt::sync::result<T, E>, the value-returning outcome of fallible sync
// operations, and the error types they carry.
//
// The rule for the whole sync area (docs/api/sync.md): a closed channel or an unavailable resource
// is an ordinary outcome, returned as a value — `recv` gives an empty std::optional; every other
// fallible operation returns `result<T, E>` (a small std::expected stand-in, C++20 has none);
// send errors hand the value back. Only API misuse throws (rt::usage_error).
// Invariant: a result holds exactly one of a value or an error.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <variant>

#include "rt/core/error.hpp"

namespace rt::sync {

/// Either a value (success) or an error; Tokio: `Result<T, E>`. `if (r) use(*r); else r.error()`.
template <class T, class E>
class [[nodiscard]] result {
public:
    /// A success holding `v`.
    result(T v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT: implicit on purpose
    /// A failure holding `e`.
    result(E e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT
    [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    /// The value; rt::usage_error when this is an error (Tokio's `unwrap` panics).
    T& value() & {
        check();
        return std::get<0>(v_);
    }
    T&& value() && {
        check();
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    /// The error; only valid when !has_value().
    E& error() & { return std::get<1>(v_); }
    const E& error() const& { return std::get<1>(v_); }
    E&& error() && { return std::get<1>(std::move(v_)); }

private:
    void check() const {
        if (v_.index() != 0) throw usage_error("rt::sync::result: value() called on an error");
    }
    std::variant<T, E> v_;
};

/// `result<void, E>`: success carries nothing.
template <class E>
class [[nodiscard]] result<void, E> {
public:
    result() noexcept = default;
    result(E e) : e_(std::move(e)) {}  // NOLINT
    [[nodiscard]] bool has_value() const noexcept { return !e_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const {
        if (e_) throw usage_error("rt::sync::result: value() called on an error");
    }
    E& error() & { return *e_; }
    const E& error() const& { return *e_; }
    E&& error() && { return std::move(*e_); }

private:
    std::optional<E> e_;
};

/// The semaphore, channel or cell is closed. Tokio: `AcquireError`, `SendError<()>`, `RecvError`.
struct closed_error {};

/// Why a try_acquire failed. Tokio: `TryAcquireError`.
enum class try_acquire_error { closed, no_permits };

/// A try_lock found the lock held. Tokio: `TryLockError`.
struct try_lock_error {};

/// send on a channel whose receivers are gone; holds the value back. Tokio: `SendError<T>`.
template <class T>
struct send_error {
    T value;
};

/// Why a try_send failed; holds the value back. Tokio: `TrySendError<T>` (Full / Closed).
template <class T>
struct try_send_error {
    enum class kind { full, closed };
    kind reason;
    T value;
    [[nodiscard]] bool is_full() const noexcept { return reason == kind::full; }
    [[nodiscard]] bool is_closed() const noexcept { return reason == kind::closed; }
};

/// Why a send_timeout failed; holds the value back. Tokio: `SendTimeoutError<T>` (Timeout / Closed).
template <class T>
struct send_timeout_error {
    enum class kind { timeout, closed };
    kind reason;
    T value;
    [[nodiscard]] bool is_timeout() const noexcept { return reason == kind::timeout; }
    [[nodiscard]] bool is_closed() const noexcept { return reason == kind::closed; }
};

/// Why a try_recv gave nothing. Tokio: `TryRecvError` (Empty / Disconnected).
enum class try_recv_error { empty, disconnected };

}  // namespace rt::sync
