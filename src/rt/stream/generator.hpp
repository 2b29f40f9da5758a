// rt/stream/generator.hpp — rt::stream<T>, an async generator: a coroutine that `co_yield`s items
// and may `co_await` futures and tasks between them.
//
// Tokio has no generator in the language; its users write `async_stream::stream!` or
// `futures::stream::unfold`. The generator is the root of its own coroutine chain (like a task that
// is polled, not awaited): poll_next resumes it until it yields an item, suspends on a pending
// future (the chain's pending leaf, re-polled first on the next poll_next), or finishes.
// Invariant: at most one yielded item waits in the promise, and poll_next hands it out before the
// coroutine runs again; after the end (or an exception, rethrown once) the frame is freed and every
// later poll_next returns std::nullopt.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/core/error.hpp"
#include "rt/core/frame_pool.hpp"
#include "rt/core/task.hpp"
#include "rt/stream/stream.hpp"

namespace rt {

template <class T>
class stream;

namespace detail {

template <class T>
class stream_promise : public promise_base {
public:
    // Never the spawn arena (promise_base's operator new may take it): a generator is not the root
    // frame of the task being spawned, so it always comes from the pool.
    static void* operator new(std::size_t n) { return frame_pool::allocate(n); }
    static void operator delete(void* p, std::size_t n) noexcept { frame_pool::deallocate(p, n); }

    stream<T> get_return_object() noexcept;

    template <class U = T>
        requires std::is_constructible_v<T, U&&>
    std::suspend_always yield_value(U&& v) {
        item_.emplace(std::forward<U>(v));
        return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { exception_ = std::current_exception(); }

    std::optional<T> item_;        // the item yielded and not yet handed out
    std::exception_ptr exception_;  // what escaped the coroutine, rethrown by the last poll_next
};

}  // namespace detail

/// An async generator yielding `T`s: a coroutine returning `rt::stream<T>` that uses `co_yield`
/// (and `co_await` on futures and tasks). Lazy and move-only; destroying it cancels the coroutine
/// (its locals are destroyed). Tokio: `async_stream::stream!` / an `impl Stream`.
template <class T>
class [[nodiscard]] stream {
    static_assert(!std::is_reference_v<T>, "rt::stream<T&> is not supported; yield values or pointers");

public:
    using promise_type = detail::stream_promise<T>;
    using handle_type = std::coroutine_handle<promise_type>;
    using item_type = T;

    stream() noexcept = default;
    explicit stream(handle_type h) noexcept : h_(h) {}
    stream(stream&& other) noexcept
        : h_(std::exchange(other.h_, nullptr)), finished_(std::exchange(other.finished_, false)) {}
    stream& operator=(stream other) noexcept {
        std::swap(h_, other.h_);
        std::swap(finished_, other.finished_);
        return *this;
    }
    ~stream() {
        if (h_) h_.destroy();
    }

    /// Runs the generator until it yields (an item), waits (pending) or ends (std::nullopt; an
    /// exception escaping the coroutine is rethrown here once). Tokio: `Stream::poll_next`.
    poll_result<std::optional<T>> poll_next(context& cx) {
        if (!h_) {
            if (finished_) return std::optional<T>{};
            throw usage_error("rt::stream polled after it was moved from");
        }
        auto& p = h_.promise();
        // A generator is always the root of its chain; h_ is never done here (it is freed at the end).
        if (!detail::drive_chain(p, h_, cx)) return pending;
        if (p.item_) {
            std::optional<T> out(std::move(*p.item_));
            p.item_.reset();
            return out;
        }
        if (!h_.done()) return pending;
        finished_ = true;
        std::exception_ptr error = std::exchange(p.exception_, nullptr);
        std::exchange(h_, nullptr).destroy();
        if (error) std::rethrow_exception(error);
        return std::optional<T>{};
    }

    /// The next item (std::nullopt at the end). Cancel safe. Tokio: `StreamExt::next`.
    [[nodiscard]] next_future<stream> next() noexcept { return next_future<stream>(*this); }

    /// True once the generator has ended (it then yields nothing more).
    [[nodiscard]] bool finished() const noexcept { return finished_; }

private:
    handle_type h_;
    bool finished_ = false;
};

namespace detail {
template <class T>
stream<T> stream_promise<T>::get_return_object() noexcept {
    return stream<T>{std::coroutine_handle<stream_promise<T>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace rt
