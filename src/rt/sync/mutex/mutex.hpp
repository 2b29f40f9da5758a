// rt/sync/mutex/mutex.hpp — rt::sync::mutex<T>, an async FIFO-fair mutex (Tokio: `tokio::sync::Mutex`).
//
// A semaphore with one permit guards the value: lock() waits in FIFO order, and a guard's
// destructor releases the permit, handing the lock straight to the next waiter. Invariant: at most
// one guard (borrowed or owned) of a mutex exists at any time, and only it touches the value.
#pragma once

#include <memory>
#include <utility>

#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync {

template <class T>
class mutex;

/// Access to a locked mutex's value; unlocks when destroyed. Tokio: `MutexGuard`.
template <class T>
class mutex_guard {
public:
    explicit mutex_guard(mutex<T>* m) noexcept : m_(m) {}
    mutex_guard(mutex_guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    mutex_guard& operator=(mutex_guard&& o) noexcept {
        mutex_guard tmp(std::move(o));
        std::swap(m_, tmp.m_);
        return *this;
    }
    ~mutex_guard() {
        if (m_) m_->sem_.release(1);
    }
    T& operator*() const noexcept { return m_->value_; }
    T* operator->() const noexcept { return &m_->value_; }

private:
    mutex<T>* m_;
};

/// A guard that keeps its mutex alive (a shared_ptr), so it can be moved into another task.
/// Tokio: `OwnedMutexGuard`.
template <class T>
class owned_mutex_guard {
public:
    explicit owned_mutex_guard(std::shared_ptr<mutex<T>> m) noexcept : m_(std::move(m)) {}
    owned_mutex_guard(owned_mutex_guard&& o) noexcept = default;
    owned_mutex_guard& operator=(owned_mutex_guard&& o) noexcept {
        owned_mutex_guard tmp(std::move(o));
        std::swap(m_, tmp.m_);
        return *this;
    }
    ~owned_mutex_guard() {
        if (m_) m_->sem_.release(1);
    }
    T& operator*() const noexcept { return m_->value_; }
    T* operator->() const noexcept { return &m_->value_; }
    /// The mutex this guard locks. Tokio: `OwnedMutexGuard::mutex`.
    [[nodiscard]] const std::shared_ptr<mutex<T>>& get_mutex() const noexcept { return m_; }

private:
    std::shared_ptr<mutex<T>> m_;  // a moved-from shared_ptr is null: no double unlock
};

/// An async mutex: `auto g = co_await m.lock(); *g += 1;`. FIFO-fair. Tokio: `tokio::sync::Mutex<T>`.
template <class T>
class mutex {
public:
    /// The future of lock(). Cancel safe: destroying it while it waits leaves the lock and the
    /// other waiters' order untouched.
    class lock_future {
    public:
        explicit lock_future(mutex* m) noexcept : m_(m), op_(&m->sem_, 1) {}
        poll_result<mutex_guard<T>> poll(context& cx) {
            if (op_.poll(cx).is_pending()) return pending;
            return mutex_guard<T>(m_);  // a mutex's semaphore is never closed
        }

    private:
        mutex* m_;
        detail::acquire_op op_;
    };

    /// The future of lock_owned(); same cancel safety.
    class lock_owned_future {
    public:
        explicit lock_owned_future(std::shared_ptr<mutex> m) noexcept : m_(std::move(m)), op_(&m_->sem_, 1) {}
        lock_owned_future(lock_owned_future&& o) noexcept : m_(o.m_), op_(std::move(o.op_)) {}
        poll_result<owned_mutex_guard<T>> poll(context& cx) {
            if (op_.poll(cx).is_pending()) return pending;
            return owned_mutex_guard<T>(m_);
        }

    private:
        std::shared_ptr<mutex> m_;
        detail::acquire_op op_;
    };

    /// An unlocked mutex holding `args...`. Tokio: `Mutex::new`.
    template <class... A>
    explicit mutex(A&&... args) : value_(std::forward<A>(args)...) {}
    mutex(const mutex&) = delete;
    mutex& operator=(const mutex&) = delete;

    /// Waits for the lock (FIFO). Cancel safe: a destroyed lock() leaves the lock and the other
    /// waiters' order untouched. Tokio: `Mutex::lock`.
    [[nodiscard]] lock_future lock() noexcept { return lock_future(this); }
    /// Waits for the lock and returns a guard owning `self`. Cancel safe as lock().
    /// Tokio: `Mutex::lock_owned`.
    [[nodiscard]] static lock_owned_future lock_owned(std::shared_ptr<mutex> self) noexcept {
        return lock_owned_future(std::move(self));
    }
    /// The lock now, or try_lock_error when it is held (or waiters are queued). Tokio: `try_lock`.
    result<mutex_guard<T>, try_lock_error> try_lock() noexcept {
        bool ok = false;
        (void)sem_.try_acquire(1, ok);
        if (!ok) return try_lock_error{};
        return mutex_guard<T>(this);
    }
    /// Owned variant of try_lock. Tokio: `try_lock_owned`.
    static result<owned_mutex_guard<T>, try_lock_error> try_lock_owned(std::shared_ptr<mutex> self) noexcept {
        bool ok = false;
        (void)self->sem_.try_acquire(1, ok);
        if (!ok) return try_lock_error{};
        return owned_mutex_guard<T>(std::move(self));
    }
    /// The value, without locking: the caller has exclusive access. Tokio: `get_mut`.
    T& get_mut() noexcept { return value_; }

private:
    friend class mutex_guard<T>;
    friend class owned_mutex_guard<T>;
    detail::batch_semaphore sem_{1};
    T value_;
};

}  // namespace rt::sync
