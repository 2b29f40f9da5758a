// rt/runtime/task/join_handle.hpp — join_handle<T> and abort_handle: the owner's view of a spawned task.
//
// Tokio: `JoinHandle<T>`, `AbortHandle`. Awaiting a join_handle gives the task's value, rethrows its
// exception, or throws rt::cancelled_error when it was aborted. Dropping it detaches the task.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/core/poll.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/task/header.hpp"
#include "rt/runtime/task/output.hpp"

namespace rt {

/// A task's id, unique among all tasks of the process. Tokio: `tokio::task::Id`.
using task_id = std::uint64_t;

namespace detail {
void abort_task(task_header* h) noexcept;
void drop_join_handle(task_header* h) noexcept;
}  // namespace detail

/// Cancels a task from anywhere without owning its output. Tokio: `tokio::task::AbortHandle`.
class abort_handle {
public:
    abort_handle() noexcept = default;
    explicit abort_handle(detail::task_header* h) noexcept : h_(h) {
        if (h_) h_->state.ref_inc();
    }
    abort_handle(const abort_handle& o) noexcept : abort_handle(o.h_) {}
    abort_handle(abort_handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
    abort_handle& operator=(abort_handle o) noexcept {
        std::swap(h_, o.h_);
        return *this;
    }
    ~abort_handle() {
        if (h_) detail::task_ref_dec(h_);
    }

    /// Asks the task to stop at its next scheduling point; its frames are destroyed, running
    /// destructors. A no-op on a finished task. Tokio: `AbortHandle::abort`.
    void abort() const noexcept {
        if (h_) detail::abort_task(h_);
    }
    /// True once the task has finished (completed, failed or cancelled). Tokio: `is_finished`.
    [[nodiscard]] bool is_finished() const noexcept {
        return h_ && (h_->state.load() & detail::task_state::complete);
    }
    /// The task's id. Tokio: `AbortHandle::id`.
    [[nodiscard]] task_id id() const noexcept { return h_ ? h_->id : 0; }

private:
    detail::task_header* h_ = nullptr;
};

/// Owned permission to await a spawned task's output. Awaiting gives the value, rethrows the task's
/// exception, or throws `rt::cancelled_error`. Dropping it detaches the task. Tokio: `JoinHandle<T>`.
template <class T>
class [[nodiscard]] join_handle {
public:
    join_handle() noexcept = default;
    explicit join_handle(detail::task_header* h) noexcept : h_(h) {}
    join_handle(join_handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
    join_handle& operator=(join_handle o) noexcept {
        std::swap(h_, o.h_);
        return *this;
    }
    ~join_handle() { detach(); }

    /// The future side: ready once the task finished. Awaiting a handle whose output was already
    /// taken throws rt::usage_error (Tokio panics: "JoinHandle polled after completion").
    poll_result<T> poll(context& cx) {
        if (!h_) throw usage_error("rt::join_handle awaited after it was detached or moved from");
        if (!coop::poll_proceed(cx)) return pending;
        void* stored = h_->vtable->try_read_output(h_, cx.waker());
        if (!stored) return pending;
        coop::consume();
        // The task is complete: its output belongs to this handle. Move out of it in place and
        // destroy it; the kind goes back to "none", so a second await is detected.
        switch (h_->state.take_output_kind()) {
            case detail::task_state::output_kind::value:
                if constexpr (std::is_void_v<T>) {
                    return ready();
                } else {
                    struct destroy_after {
                        T& v;
                        ~destroy_after() { std::destroy_at(&v); }
                    } taken{*static_cast<T*>(stored)};
                    return poll_result<T>(std::move(taken.v));
                }
            case detail::task_state::output_kind::error: {
                auto& slot = *static_cast<std::exception_ptr*>(stored);
                std::exception_ptr e = std::move(slot);
                std::destroy_at(&slot);
                std::rethrow_exception(std::move(e));
            }
            case detail::task_state::output_kind::cancelled:
                throw cancelled_error(h_->id);
            case detail::task_state::output_kind::none:
                break;
        }
        throw usage_error("rt::join_handle awaited again after the task's output was taken");
    }

    /// Cancels the task. Tokio: `JoinHandle::abort`.
    void abort() const noexcept {
        if (h_) detail::abort_task(h_);
    }
    /// True once the task has finished. Tokio: `JoinHandle::is_finished`.
    [[nodiscard]] bool is_finished() const noexcept {
        return h_ && (h_->state.load() & detail::task_state::complete);
    }
    /// The task's id. Tokio: `JoinHandle::id`.
    [[nodiscard]] task_id id() const noexcept { return h_ ? h_->id : 0; }
    /// An abort handle for the same task. Tokio: `JoinHandle::abort_handle`.
    [[nodiscard]] rt::abort_handle get_abort_handle() const noexcept { return rt::abort_handle(h_); }
    /// Lets the task run on with nobody waiting for its output (what dropping the handle does).
    void detach() noexcept {
        if (h_) detail::drop_join_handle(std::exchange(h_, nullptr));
    }

private:
    detail::task_header* h_ = nullptr;
};

}  // namespace rt
