// rt/sync/once_cell/once_cell.hpp — rt::sync::once_cell<T>: a value set once, with an async
// initialiser that runs once even when many tasks ask at the same time (Tokio: `tokio::sync::OnceCell`).
//
// Initialisers are serialised by a one-permit FIFO semaphore; the value is published with a
// release store of `ready_`, read with an acquire load, and never changes afterwards. If an
// initialiser throws or is cancelled, its permit is returned and the next waiter tries.
// Invariant: `value_` is engaged iff `ready_` is true (after the store), and is written only by
// the permit holder.
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include "rt/core/task.hpp"
#include "rt/shim/sync.hpp"
#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync {

/// Why set() failed; holds the value back. Tokio: `SetError<T>` (AlreadyInitialized / Initializing).
template <class T>
struct set_error {
    enum class kind { already_initialized, initializing };
    kind reason;
    T value;
};

/// A thread-safe cell written once. Tokio: `tokio::sync::OnceCell<T>`.
template <class T>
class once_cell {
public:
    once_cell() = default;
    /// A cell that already holds `value`. Tokio: `OnceCell::new_with`.
    explicit once_cell(T value) : value_(std::move(value)), ready_(true) {}
    once_cell(const once_cell&) = delete;
    once_cell& operator=(const once_cell&) = delete;

    /// The value, or null when not initialised yet. Tokio: `OnceCell::get`.
    [[nodiscard]] const T* get() const noexcept {
        // acquire: pairs with the release store in publish(), so the value is fully visible.
        return ready_.load(std::memory_order_acquire) ? &*value_ : nullptr;
    }
    /// True once a value is set. Tokio: `initialized`.
    [[nodiscard]] bool initialized() const noexcept { return get() != nullptr; }

    /// Sets the value unless it is set or being initialised (then set_error gives it back).
    /// Tokio: `OnceCell::set`.
    result<void, set_error<T>> set(T value) {
        if (initialized()) return set_error<T>{set_error<T>::kind::already_initialized, std::move(value)};
        bool ok = false;
        (void)sem_.try_acquire(1, ok);
        if (!ok) return set_error<T>{set_error<T>::kind::initializing, std::move(value)};
        permit_guard g{&sem_};
        if (initialized()) return set_error<T>{set_error<T>::kind::already_initialized, std::move(value)};
        publish(std::move(value));
        return {};
    }

    /// The value, running `init()` (a callable returning rt::task<T> or another future of T) if
    /// no value is set yet; concurrent callers wait and only one initialiser runs at a time.
    /// Cancel safe: a cancelled caller lets the next one initialise. Tokio: `get_or_init`.
    template <class F>
    task<std::reference_wrapper<const T>> get_or_init(F init) {
        if (const T* v = get()) co_return std::cref(*v);
        detail::acquire_op op(&sem_, 1);
        (void)co_await op;  // a once_cell's semaphore is never closed
        permit_guard g{&sem_};
        if (const T* v = get()) co_return std::cref(*v);
        publish(co_await init());
        co_return std::cref(*value_);
    }

    /// Takes the value out, leaving the cell empty (needs exclusive access). Tokio: `take`.
    std::optional<T> take() {
        if (!initialized()) return std::nullopt;
        ready_.store(false, std::memory_order_relaxed);  // exclusive access: no ordering needed
        std::optional<T> v = std::move(value_);
        value_.reset();
        return v;
    }

private:
    struct permit_guard {
        detail::batch_semaphore* s;
        ~permit_guard() { s->release(1); }
    };
    void publish(T value) {
        value_.emplace(std::move(value));
        ready_.store(true, std::memory_order_release);  // see get()
    }

    std::optional<T> value_;
    shim::atomic<bool> ready_{false};
    detail::batch_semaphore sem_{1};
};

}  // namespace rt::sync
