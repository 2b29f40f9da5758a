// rt/sync/semaphore/semaphore.hpp — rt::sync::semaphore and its permits (Tokio: `tokio::sync::Semaphore`).
//
// FIFO-fair: a waiter for many permits holds whatever is free and blocks later acquirers until it
// has them all, so acquire_many is never starved by small acquires. A permit gives its permits
// back when destroyed, unless forget() was called. Invariant: every permit object owns exactly
// `count()` permits of exactly one semaphore (0 after a move or forget).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync {

class semaphore;

/// Permits borrowed from a semaphore; released when destroyed. Tokio: `SemaphorePermit`.
class semaphore_permit {
public:
    semaphore_permit() noexcept = default;
    semaphore_permit(detail::batch_semaphore* s, std::size_t n) noexcept : sem_(s), n_(n) {}
    semaphore_permit(semaphore_permit&& o) noexcept : sem_(o.sem_), n_(std::exchange(o.n_, 0)) {}
    semaphore_permit& operator=(semaphore_permit o) noexcept {
        std::swap(sem_, o.sem_);
        std::swap(n_, o.n_);
        return *this;
    }
    ~semaphore_permit() {
        if (n_) sem_->release(n_);
    }
    /// Keeps the permits out of the semaphore for good. Tokio: `SemaphorePermit::forget`.
    void forget() noexcept { n_ = 0; }
    /// How many permits this object holds. Tokio: `num_permits`.
    [[nodiscard]] std::size_t count() const noexcept { return n_; }
    /// Moves `n` of the permits into a new permit object. Tokio: `split`. rt::usage_error if n > count().
    semaphore_permit split(std::size_t n) {
        if (n > n_) throw usage_error("rt::sync::semaphore_permit::split: not that many permits");
        n_ -= n;
        return semaphore_permit(sem_, n);
    }
    /// Takes over the permits of `other` (same semaphore). Tokio: `merge`.
    void merge(semaphore_permit&& other) {
        if (other.n_ && other.sem_ != sem_ && n_) throw usage_error("rt::sync::semaphore_permit::merge: different semaphores");
        if (!n_) sem_ = other.sem_;
        n_ += std::exchange(other.n_, 0);
    }

private:
    detail::batch_semaphore* sem_ = nullptr;
    std::size_t n_ = 0;
};

/// Permits that keep their semaphore alive (a shared_ptr), so they can move between tasks freely.
/// Tokio: `OwnedSemaphorePermit`.
class owned_semaphore_permit {
public:
    owned_semaphore_permit() noexcept = default;
    owned_semaphore_permit(std::shared_ptr<semaphore> s, std::size_t n) noexcept;
    owned_semaphore_permit(owned_semaphore_permit&& o) noexcept : sem_(std::move(o.sem_)), n_(std::exchange(o.n_, 0)) {}
    owned_semaphore_permit& operator=(owned_semaphore_permit&& o) noexcept {
        if (this != &o) {
            release();
            sem_ = std::move(o.sem_);
            n_ = std::exchange(o.n_, 0);
        }
        return *this;
    }
    ~owned_semaphore_permit() { release(); }
    /// Keeps the permits out of the semaphore for good. Tokio: `OwnedSemaphorePermit::forget`.
    void forget() noexcept { n_ = 0; }
    /// How many permits this object holds.
    [[nodiscard]] std::size_t count() const noexcept { return n_; }
    /// The semaphore the permits belong to. Tokio: `semaphore()`.
    [[nodiscard]] const std::shared_ptr<semaphore>& get_semaphore() const noexcept { return sem_; }

private:
    void release() noexcept;
    std::shared_ptr<semaphore> sem_;
    std::size_t n_ = 0;
};

/// A counting semaphore for tasks: FIFO-fair, closable. Tokio: `tokio::sync::Semaphore`.
class semaphore {
public:
    /// Largest number of permits a semaphore can hold. Tokio: `Semaphore::MAX_PERMITS`.
    static constexpr std::size_t max_permits = detail::batch_semaphore::max_permits;

    /// The future of acquire/acquire_many. Cancel safe: destroying it while it waits loses no permit
    /// (a partial share goes to the next waiter) and keeps the others' queue order.
    class acquire_future {
    public:
        acquire_future(detail::batch_semaphore* s, std::size_t n) noexcept : op_(s, n) {}
        poll_result<result<semaphore_permit, closed_error>> poll(context& cx) {
            auto r = op_.poll(cx);
            if (r.is_pending()) return pending;
            if (r.take() == detail::acquire_status::closed) return result<semaphore_permit, closed_error>(closed_error{});
            return result<semaphore_permit, closed_error>(semaphore_permit(op_.semaphore(), op_.needed()));
        }

    private:
        detail::acquire_op op_;
    };

    /// The future of acquire_owned/acquire_many_owned; same cancel safety as acquire_future.
    class acquire_owned_future {
    public:
        acquire_owned_future(std::shared_ptr<semaphore> s, std::size_t n) noexcept
            : sem_(std::move(s)), op_(&sem_->sem_, n) {}
        acquire_owned_future(acquire_owned_future&& o) noexcept : sem_(o.sem_), op_(std::move(o.op_)) {}
        poll_result<result<owned_semaphore_permit, closed_error>> poll(context& cx) {
            auto r = op_.poll(cx);
            if (r.is_pending()) return pending;
            if (r.take() == detail::acquire_status::closed) return result<owned_semaphore_permit, closed_error>(closed_error{});
            return result<owned_semaphore_permit, closed_error>(owned_semaphore_permit(sem_, op_.needed()));
        }

    private:
        std::shared_ptr<semaphore> sem_;  // declared first: outlives op_
        detail::acquire_op op_;
    };

    /// A semaphore with `permits` permits (rt::usage_error above max_permits). Tokio: `Semaphore::new`.
    explicit semaphore(std::size_t permits) : sem_(permits) {}

    /// Waits for one permit; closed_error once close() was called. Cancel safe: a destroyed
    /// acquire() loses no permit and keeps the other waiters' order. Tokio: `acquire`.
    [[nodiscard]] acquire_future acquire() noexcept { return {&sem_, 1}; }
    /// Waits for `n` permits at once, FIFO with the other waiters. Cancel safe: a destroyed
    /// acquire_many() hands the partial share it held to the next waiters. Tokio: `acquire_many`.
    [[nodiscard]] acquire_future acquire_many(std::uint32_t n) noexcept { return {&sem_, n}; }
    /// Like acquire (and as cancel safe), with a permit that keeps `self` alive. Tokio: `acquire_owned`.
    [[nodiscard]] static acquire_owned_future acquire_owned(std::shared_ptr<semaphore> self) noexcept {
        return {std::move(self), 1};
    }
    /// Like acquire_many, owned; cancel safe as acquire_many. Tokio: `acquire_many_owned`.
    [[nodiscard]] static acquire_owned_future acquire_many_owned(std::shared_ptr<semaphore> self, std::uint32_t n) noexcept {
        return {std::move(self), n};
    }
    /// One permit now, or no_permits / closed. Tokio: `try_acquire`.
    result<semaphore_permit, try_acquire_error> try_acquire() noexcept { return try_acquire_many(1); }
    /// `n` permits now, or no_permits / closed. Tokio: `try_acquire_many`.
    result<semaphore_permit, try_acquire_error> try_acquire_many(std::uint32_t n) noexcept {
        bool ok = false;
        auto e = sem_.try_acquire(n, ok);
        if (!ok) return e;
        return semaphore_permit(&sem_, n);
    }
    /// Owned variant of try_acquire_many. Tokio: `try_acquire_many_owned`.
    static result<owned_semaphore_permit, try_acquire_error> try_acquire_many_owned(std::shared_ptr<semaphore> self,
                                                                                    std::uint32_t n) {
        bool ok = false;
        auto e = self->sem_.try_acquire(n, ok);
        if (!ok) return e;
        return owned_semaphore_permit(std::move(self), n);
    }
    /// Adds permits (handed to waiters first); works after close too. Tokio: `add_permits`.
    void add_permits(std::size_t n) {
        if (n > max_permits || available_permits() > max_permits - n) {
            throw usage_error("rt::sync::semaphore::add_permits: more than max_permits permits");
        }
        sem_.release(n);
    }
    /// Removes up to n available permits; returns how many. Tokio: `forget_permits`.
    std::size_t forget_permits(std::size_t n) noexcept { return sem_.forget(n); }
    /// Permits free right now. Tokio: `available_permits`.
    [[nodiscard]] std::size_t available_permits() const noexcept { return sem_.available(); }
    /// Closes: every waiter and every later acquire gets closed_error. Tokio: `close`.
    void close() noexcept { sem_.close(); }
    /// True after close(). Tokio: `is_closed`.
    [[nodiscard]] bool is_closed() const noexcept { return sem_.is_closed(); }

private:
    friend class owned_semaphore_permit;
    detail::batch_semaphore sem_;
};

inline owned_semaphore_permit::owned_semaphore_permit(std::shared_ptr<semaphore> s, std::size_t n) noexcept
    : sem_(std::move(s)), n_(n) {}

inline void owned_semaphore_permit::release() noexcept {
    if (n_ && sem_) sem_->sem_.release(std::exchange(n_, 0));
}

}  // namespace rt::sync
