// rt/sync/rw_lock/rw_lock.hpp — rt::sync::rw_lock<T>, an async write-preferring reader-writer lock
// (Tokio: `tokio::sync::RwLock`).
//
// A FIFO semaphore with max_readers permits: a reader takes 1, a writer takes all of them. Because
// the queue is FIFO and a queued writer holds every permit it could get, a waiting writer blocks
// readers that arrive after it (write preference without starving readers already queued).
// Invariant: either up to max_readers read guards or exactly one write guard exist.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "rt/sync/result.hpp"
#include "rt/sync/semaphore/acquire_op.hpp"
#include "rt/sync/semaphore/batch_semaphore.hpp"

namespace rt::sync {

template <class T>
class rw_lock;

/// Shared access to the value; releases its read permit when destroyed. Tokio: `RwLockReadGuard`.
template <class T>
class rw_lock_read_guard {
public:
    explicit rw_lock_read_guard(rw_lock<T>* l) noexcept : l_(l) {}
    rw_lock_read_guard(rw_lock_read_guard&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    rw_lock_read_guard& operator=(rw_lock_read_guard&& o) noexcept {
        rw_lock_read_guard tmp(std::move(o));
        std::swap(l_, tmp.l_);
        return *this;
    }
    ~rw_lock_read_guard() {
        if (l_) l_->sem_.release(1);
    }
    const T& operator*() const noexcept { return l_->value_; }
    const T* operator->() const noexcept { return &l_->value_; }

private:
    rw_lock<T>* l_;
};

/// Exclusive access to the value. Tokio: `RwLockWriteGuard`.
template <class T>
class rw_lock_write_guard {
public:
    explicit rw_lock_write_guard(rw_lock<T>* l) noexcept : l_(l) {}
    rw_lock_write_guard(rw_lock_write_guard&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    rw_lock_write_guard& operator=(rw_lock_write_guard&& o) noexcept {
        rw_lock_write_guard tmp(std::move(o));
        std::swap(l_, tmp.l_);
        return *this;
    }
    ~rw_lock_write_guard() {
        if (l_) l_->sem_.release(l_->max_readers_);
    }
    T& operator*() const noexcept { return l_->value_; }
    T* operator->() const noexcept { return &l_->value_; }

private:
    rw_lock<T>* l_;
};

/// Owned (shared_ptr-holding) read or write guard, movable to other tasks.
/// Tokio: `OwnedRwLockReadGuard` / `OwnedRwLockWriteGuard`.
template <class T, bool Write>
class owned_rw_lock_guard {
public:
    explicit owned_rw_lock_guard(std::shared_ptr<rw_lock<T>> l) noexcept : l_(std::move(l)) {}
    owned_rw_lock_guard(owned_rw_lock_guard&&) noexcept = default;
    owned_rw_lock_guard& operator=(owned_rw_lock_guard&& o) noexcept {
        owned_rw_lock_guard tmp(std::move(o));
        std::swap(l_, tmp.l_);
        return *this;
    }
    ~owned_rw_lock_guard() {
        if (l_) l_->sem_.release(Write ? l_->max_readers_ : 1);
    }
    std::conditional_t<Write, T, const T>& operator*() const noexcept { return l_->value_; }
    std::conditional_t<Write, T, const T>* operator->() const noexcept { return &l_->value_; }

private:
    std::shared_ptr<rw_lock<T>> l_;
};

/// Tokio: `OwnedRwLockReadGuard`.
template <class T>
using owned_rw_lock_read_guard = owned_rw_lock_guard<T, false>;
/// Tokio: `OwnedRwLockWriteGuard`.
template <class T>
using owned_rw_lock_write_guard = owned_rw_lock_guard<T, true>;

/// An async reader-writer lock, fair and write-preferring. Tokio: `tokio::sync::RwLock<T>`.
template <class T>
class rw_lock {
public:
    /// Tokio's default reader limit (`u32::MAX >> 3`).
    static constexpr std::uint32_t default_max_readers = 0xFFFFFFFFu >> 3;

    /// Future of read()/write(): G is the guard type. Cancel safe (the queue order of the others is
    /// kept; a queued writer's partial share of permits goes to the next waiters).
    template <class G, class Self>
    class lock_future {
    public:
        lock_future(Self self, std::size_t n) noexcept : self_(std::move(self)), op_(&self_->sem_, n) {}
        lock_future(lock_future&& o) noexcept : self_(o.self_), op_(std::move(o.op_)) {}
        poll_result<G> poll(context& cx) {
            if (op_.poll(cx).is_pending()) return pending;
            return G(self_);
        }

    private:
        Self self_;
        detail::acquire_op op_;
    };

    /// An unlocked rw_lock holding a value-initialised T. Tokio: `RwLock::default`.
    rw_lock() : rw_lock(T{}) {}
    /// An unlocked rw_lock holding `value`, with at most `max_readers` concurrent readers.
    /// Tokio: `RwLock::new`, `RwLock::with_max_readers`.
    explicit rw_lock(T value, std::uint32_t max_readers = default_max_readers)
        : max_readers_(max_readers ? max_readers : 1), sem_(max_readers_), value_(std::move(value)) {}
    rw_lock(const rw_lock&) = delete;
    rw_lock& operator=(const rw_lock&) = delete;

    /// Waits for shared access (FIFO behind queued writers). Cancel safe: a destroyed read() leaves
    /// the lock and the queue order untouched. Tokio: `read`.
    [[nodiscard]] lock_future<rw_lock_read_guard<T>, rw_lock*> read() noexcept { return {this, 1}; }
    /// Waits for exclusive access. Cancel safe: a destroyed write() passes the read shares it had
    /// gathered to the next waiters and keeps the queue order. Tokio: `write`.
    [[nodiscard]] lock_future<rw_lock_write_guard<T>, rw_lock*> write() noexcept { return {this, max_readers_}; }
    /// Owned read; cancel safe as read(). Tokio: `read_owned`.
    [[nodiscard]] static lock_future<owned_rw_lock_read_guard<T>, std::shared_ptr<rw_lock>> read_owned(
        std::shared_ptr<rw_lock> self) noexcept {
        return {std::move(self), 1};
    }
    /// Owned write; cancel safe as write(). Tokio: `write_owned`.
    [[nodiscard]] static lock_future<owned_rw_lock_write_guard<T>, std::shared_ptr<rw_lock>> write_owned(
        std::shared_ptr<rw_lock> self) noexcept {
        const std::size_t n = self->max_readers_;
        return {std::move(self), n};
    }
    /// Shared access now, or try_lock_error. Tokio: `try_read`.
    result<rw_lock_read_guard<T>, try_lock_error> try_read() noexcept {
        bool ok = false;
        (void)sem_.try_acquire(1, ok);
        if (!ok) return try_lock_error{};
        return rw_lock_read_guard<T>(this);
    }
    /// Exclusive access now, or try_lock_error. Tokio: `try_write`.
    result<rw_lock_write_guard<T>, try_lock_error> try_write() noexcept {
        bool ok = false;
        (void)sem_.try_acquire(max_readers_, ok);
        if (!ok) return try_lock_error{};
        return rw_lock_write_guard<T>(this);
    }
    /// The value without locking: the caller has exclusive access. Tokio: `get_mut`.
    T& get_mut() noexcept { return value_; }
    /// The reader limit (Tokio: the `max_reads` given to `with_max_readers`).
    [[nodiscard]] std::uint32_t max_readers() const noexcept { return max_readers_; }

private:
    friend class rw_lock_read_guard<T>;
    friend class rw_lock_write_guard<T>;
    friend class owned_rw_lock_guard<T, false>;
    friend class owned_rw_lock_guard<T, true>;
    std::uint32_t max_readers_;
    detail::batch_semaphore sem_;
    T value_;
};

}  // namespace rt::sync
