// rt/core/waker.hpp — wakers and the poll context.
//
// Tokio equivalent: `std::task::{Waker, RawWaker, Context}`. A waker is a data pointer plus a
// vtable; for spawned tasks the data pointer is the task header and clone/drop move its reference
// count. Invariant: an owning `waker` holds exactly one reference on whatever `data` points to, and
// `wake()` consumes it.
#pragma once

#include <utility>

namespace rt {

/// The four operations behind a waker. Tokio: `RawWakerVTable`.
struct waker_vtable {
    void (*clone)(const void* data);        // take one more reference on data
    void (*wake)(const void* data);         // wake and release the reference
    void (*wake_by_ref)(const void* data);  // wake, keep the reference
    void (*drop)(const void* data);         // release the reference
};

/// A handle that reschedules a task (or unparks a thread) when the thing it waits for is ready.
/// Copy to keep it; `wake()` it from any thread. Tokio: `std::task::Waker`.
class waker {
public:
    waker() noexcept = default;
    waker(const void* data, const waker_vtable* vtable) noexcept : data_(data), vtable_(vtable) {}
    waker(const waker& other) noexcept : data_(other.data_), vtable_(other.vtable_) {
        if (vtable_) vtable_->clone(data_);
    }
    waker(waker&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), vtable_(std::exchange(other.vtable_, nullptr)) {}
    waker& operator=(waker other) noexcept {
        std::swap(data_, other.data_);
        std::swap(vtable_, other.vtable_);
        return *this;
    }
    ~waker() {
        if (vtable_) vtable_->drop(data_);
    }

    /// Wakes the task and gives up this waker. Tokio: `Waker::wake`.
    void wake() && noexcept {
        if (auto* vt = std::exchange(vtable_, nullptr)) vt->wake(std::exchange(data_, nullptr));
    }
    /// Wakes the task and keeps this waker usable. Tokio: `Waker::wake_by_ref`.
    void wake_by_ref() const noexcept {
        if (vtable_) vtable_->wake_by_ref(data_);
    }
    /// True when both wakers would wake the same task. Tokio: `Waker::will_wake`.
    [[nodiscard]] bool will_wake(const waker& other) const noexcept {
        return data_ == other.data_ && vtable_ == other.vtable_;
    }
    /// True when this waker refers to nothing (default-constructed or moved-from).
    [[nodiscard]] bool empty() const noexcept { return vtable_ == nullptr; }
    [[nodiscard]] const void* data() const noexcept { return data_; }

    /// Gives up the reference without dropping it (for borrowed wakers built by the runtime).
    const void* release() noexcept {
        vtable_ = nullptr;
        return std::exchange(data_, nullptr);
    }
    /// Drops the waker's reference now.
    void reset() noexcept { waker{}.swap(*this); }
    void swap(waker& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(vtable_, other.vtable_);
    }

private:
    const void* data_ = nullptr;
    const waker_vtable* vtable_ = nullptr;
};

/// What a future's `poll` receives: the waker of the task being polled. Tokio: `Context<'_>`.
/// A context never owns its waker; clone it (`cx.waker()` copy) to keep it past the poll.
class context {
public:
    explicit context(const waker& w) noexcept : waker_(&w) {}
    /// The waker to store when returning `rt::pending`.
    [[nodiscard]] const rt::waker& waker() const noexcept { return *waker_; }

private:
    const rt::waker* waker_;
};

/// A waker that does nothing, for polling outside any task. Tokio: `futures::task::noop_waker`.
rt::waker noop_waker() noexcept;

}  // namespace rt
