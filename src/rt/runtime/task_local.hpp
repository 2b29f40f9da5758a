// rt/runtime/task_local.hpp — rt::task_local<T>: a value visible to everything a future runs,
// for as long as that future is polled (and while it is destroyed).
//
// Tokio: `tokio::task_local!` / `LocalKey`. `key.scope(v, fut)` wraps `fut` so that each of its
// polls (and its destruction, so destructors can still read the value) runs with `v` bound to
// `key` on the polling thread; bindings nest and the innermost wins. Invariant: a binding is on the
// thread's stack of bindings only during a poll or destruction of its scope, never across a
// suspension, so a task moving between workers carries its values with it.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/future.hpp"
#include "rt/core/task.hpp"

namespace rt {
namespace detail {

struct task_local_binding {
    const void* key;
    void* value;
    task_local_binding* prev;
};

/// The innermost binding of the current thread (a stack through `prev`).
inline thread_local task_local_binding* t_task_local_top = nullptr;

/// Pushes a binding for its lifetime.
class task_local_push {
public:
    task_local_push(const void* key, void* value) noexcept : b_{key, value, t_task_local_top} { t_task_local_top = &b_; }
    ~task_local_push() { t_task_local_top = b_.prev; }
    task_local_push(const task_local_push&) = delete;
    task_local_push& operator=(const task_local_push&) = delete;

private:
    task_local_binding b_;
};

}  // namespace detail

/// A task-local key: declare one (usually `inline` or `static`) and bind values with scope().
/// Tokio: `tokio::task::LocalKey` (made by `task_local!`).
template <class T>
class task_local {
public:
    /// The future returned by scope(): polls `F` with the value bound. Tokio: `TaskLocalFuture`.
    template <class F>
    class scoped_future {
    public:
        scoped_future(const task_local* key, T value, F fut) : key_(key), value_(std::move(value)) {
            fut_.emplace(std::move(fut));
        }
        scoped_future(scoped_future&& o) noexcept(std::is_nothrow_move_constructible_v<F>)
            : key_(o.key_), value_(std::move(o.value_)) {
            if (o.fut_) fut_.emplace(std::move(*o.fut_));
            o.fut_.reset();
        }
        ~scoped_future() {
            if (fut_) {
                detail::task_local_push bound(key_, &value_);  // destructors may read the value
                fut_.reset();
            }
        }
        auto poll(context& cx) {
            detail::task_local_push bound(key_, &value_);
            return fut_->poll(cx);
        }

    private:
        const task_local* key_;
        T value_;
        std::optional<F> fut_;
    };

    /// Runs `fut` with this key bound to `value`. Tokio: `LocalKey::scope`.
    template <class F>
        requires future<std::remove_cvref_t<F>>
    scoped_future<std::remove_cvref_t<F>> scope(T value, F&& fut) const {
        return scoped_future<std::remove_cvref_t<F>>(this, std::move(value), std::forward<F>(fut));
    }

    /// Calls `f()` with this key bound to `value` (no future involved). Tokio: `LocalKey::sync_scope`.
    template <class Fn>
    decltype(auto) sync_scope(T value, Fn&& f) const {
        detail::task_local_push bound(this, &value);
        return std::forward<Fn>(f)();
    }

    /// The bound value, or null when no scope binds this key here. Tokio: `LocalKey::try_with`.
    [[nodiscard]] T* try_get() const noexcept {
        for (auto* b = detail::t_task_local_top; b; b = b->prev) {
            if (b->key == this) return static_cast<T*>(b->value);
        }
        return nullptr;
    }
    /// The bound value; throws rt::usage_error outside a scope. Tokio: `LocalKey::with` / `get`.
    [[nodiscard]] T& get() const {
        if (T* v = try_get()) return *v;
        throw usage_error("rt::task_local: no value is bound here (use key.scope(value, future))");
    }
    /// Calls `f(value)`; throws rt::usage_error outside a scope. Tokio: `LocalKey::with`.
    template <class Fn>
    decltype(auto) with(Fn&& f) const {
        return std::forward<Fn>(f)(get());
    }
};

}  // namespace rt
