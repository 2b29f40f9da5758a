// rt/core/task.hpp — rt::task<T>, the coroutine type, and how it awaits futures and other tasks.
//
// A task is lazy (nothing runs until it is awaited or polled) and move-only. Awaiting a child task
// hands control to it by symmetric transfer, so 10,000 nested awaits use no extra stack; the child
// joins its parent's *chain*. Awaiting a future polls it in await_suspend; when pending, the awaiter
// is recorded as the chain's pending leaf and the chain suspends. Polling the root task (it is a
// future itself) first re-polls that leaf and resumes the coroutine only when the leaf is ready.
// Invariant: a suspended chain always has exactly one pending leaf; a task can only co_await rt
// futures and tasks (anything else would suspend with no leaf and hang, so it does not compile).
// A task is consumed by the co_await or poll that completes it (its frame is freed there, and the
// task object becomes empty); awaiting, polling or spawning an empty task, or one that is running
// as another coroutine's child, throws rt::usage_error (issue #14 item 2) instead of resuming a
// freed or foreign frame.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "rt/core/error.hpp"
#include "rt/core/frame_pool.hpp"
#include "rt/core/future.hpp"
#include "rt/core/thread_state.hpp"

namespace rt {
namespace detail {

template <class A>
inline constexpr bool dependent_false = false;

/// Holds a ready future's result between await_suspend/poll_again and await_resume: raw storage,
/// written once and moved out (and destroyed) by take() right after, because the coroutine is
/// resumed at once. Exceptions do not live here (see stash_in_flight_error): the slot is as small as
/// the result itself, and it is paid in every suspended coroutine frame.
template <class T>
struct result_slot {
    union {
        T value;
    };
    result_slot() noexcept {}
    ~result_slot() {}
    result_slot(const result_slot&) = delete;
    result_slot& operator=(const result_slot&) = delete;
    void set(poll_result<T>& r) { std::construct_at(&value, r.take()); }
    T take() {
        struct destroy_after {
            T& v;
            ~destroy_after() { std::destroy_at(&v); }
        } guard{value};
        return std::move(value);
    }
};
template <>
struct result_slot<void> {
    void set(poll_result<void>&) noexcept {}
    void take() noexcept {}
};

/// Awaiter for a leaf future. F is the future type, or an lvalue reference to it.
template <class F>
struct future_awaiter : pending_leaf {
    using output = future_output_t<std::remove_reference_t<F>>;

    // pending_leaf::poll_again is set to repoll when the awaiter is made; repoll clears it when
    // the leaf threw (the exception is then in flight, see stash_in_flight_error).
    F fut;
    [[no_unique_address]] result_slot<output> result;

    bool await_ready() const noexcept { return false; }

    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) {
        // h runs inside drive_chain of its chain's root, whose scope is the innermost here.
        poll_scope& scope = *current_poll;
        auto r = fut.poll(*scope.cx);  // a throw here is rethrown at the co_await
        if (r.is_ready()) {
            result.set(r);
            return false;  // do not suspend: the value is already here
        }
        resume = h;
        scope.chain->set_leaf(this);
        return true;
    }

    static bool repoll(pending_leaf* self, context& cx) noexcept {
        auto* a = static_cast<future_awaiter*>(self);
        try {
            auto r = a->fut.poll(cx);
            if (r.is_pending()) return false;
            a->result.set(r);
        } catch (...) {
            stash_in_flight_error(std::current_exception());
            a->poll_again = nullptr;  // the flag: await_resume rethrows
        }
        return true;
    }

    output await_resume() {
        if (poll_again == nullptr) [[unlikely]] rethrow_in_flight_error();
        return result.take();
    }
};

template <class T>
class task_promise;

/// Throws the usage_error for a task that cannot run any more (cold path of every check below).
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_task_unusable(const char* what, bool running_elsewhere) {
    throw usage_error(std::string(what) +
                      (running_elsewhere ? ": the rt::task is being awaited by another coroutine"
                                         : ": the rt::task is empty (moved from, or already awaited or "
                                           "polled to completion)"));
}

/// Awaiter for a child task: symmetric transfer into it when it has not started; if it was already
/// polled as a root of its own (rare: polled by hand, then awaited), it is awaited as a leaf future.
template <class T>
struct task_awaiter : future_awaiter<task<T>&> {
    std::coroutine_handle<task_promise<T>> child;

    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) {
        // A throw here is rethrown at the co_await (the parent is resumed with it).
        if (!child) throw_task_unusable("co_await", false);
        auto& cp = child.promise();
        if (!cp.started()) {
            cp.become_child(parent);
            return child;
        }
        if (!cp.is_root()) throw_task_unusable("co_await", true);
        via_leaf = true;
        if (!future_awaiter<task<T>&>::await_suspend(parent)) return parent;
        return std::noop_coroutine();
    }

    T await_resume() {
        if (via_leaf) return future_awaiter<task<T>&>::await_resume();  // poll() freed the frame
        // The child finished: free its frame once the result is out (also when it rethrows), and
        // leave the task empty, so a second co_await throws instead of driving a finished frame.
        struct frame_release {
            std::coroutine_handle<task_promise<T>> h;
            ~frame_release() { h.destroy(); }
        } release{this->fut.release_finished()};
        return release.h.promise().take_result();
    }

    bool via_leaf = false;
};

/// What every task promise shares: frame allocation from the pool, the continuation, the chain.
class promise_base {
public:
    // A spawned task's root frame can come from its task cell (the "frame arena", frame_pool.hpp).
    static void* operator new(std::size_t n) {
        if (void* p = frame_pool::take_arena(n)) return p;
        return frame_pool::allocate(n);
    }
    static void operator delete(void* p, std::size_t n) noexcept { frame_pool::deallocate(p, n); }

    std::suspend_always initial_suspend() const noexcept { return {}; }

    struct final_awaiter {
        bool await_ready() const noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) const noexcept {
            auto& p = h.promise();
            if (p.is_root()) return std::noop_coroutine();
            const std::coroutine_handle<> next = p.continuation();
            return next ? next : std::noop_coroutine();
        }
        void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() const noexcept { return {}; }

    template <class U>
    task_awaiter<U> await_transform(task<U>&& t) noexcept {
        return make_task_awaiter(t);
    }
    template <class U>
    task_awaiter<U> await_transform(task<U>& t) noexcept {
        return make_task_awaiter(t);
    }
    template <class F>
        requires future<std::remove_cvref_t<F>> && (!is_task<std::remove_cvref_t<F>>::value)
    auto await_transform(F&& f) {
        // An rvalue future is moved into the awaiter (it lives in the coroutine frame until the
        // co_await finishes); an lvalue one is polled in place.
        if constexpr (std::is_lvalue_reference_v<F>) {
            return future_awaiter<F>{{&future_awaiter<F>::repoll, {}}, f, {}};
        } else {
            using A = future_awaiter<std::remove_cvref_t<F>>;
            return A{{&A::repoll, {}}, std::move(f), {}};
        }
    }
    template <class A>
        requires(!future<std::remove_cvref_t<A>>)
    void await_transform(A&&) {
        static_assert(dependent_false<A>,
                      "rt::task can only co_await rt futures (a type with poll(rt::context&)) and "
                      "rt::task; wrap other awaitables in a future");
    }

    /// A child (awaited by symmetric transfer) needs only its continuation: the chain it runs in
    /// is the poll's (current_poll). A root keeps its pending leaf. One word either way
    /// (chain_state), because the promise is paid in every frame of every idle task.
    /// True once awaited (as a child) or polled (as a root).
    [[nodiscard]] bool started() const noexcept { return link_.bits != 0; }
    [[nodiscard]] bool is_root() const noexcept { return (link_.bits & chain_state::root_tag) != 0; }
    /// Makes this coroutine the root of its own chain (first poll as a future).
    void become_root() noexcept { link_.bits = chain_state::root_tag; }
    /// Makes this coroutine a child that resumes `parent` when it finishes.
    void become_child(std::coroutine_handle<> parent) noexcept {
        link_.bits = reinterpret_cast<std::uintptr_t>(parent.address());
    }
    /// Marks this (started) coroutine as finished by an exception, which is then in flight.
    void set_threw() noexcept { link_.bits |= chain_state::threw_tag; }
    /// True (once) if the coroutine finished by an exception; the caller rethrows it.
    [[nodiscard]] bool take_threw() noexcept {
        if (!(link_.bits & chain_state::threw_tag)) return false;
        link_.bits &= ~chain_state::threw_tag;
        return true;
    }
    /// The parent of a child.
    [[nodiscard]] std::coroutine_handle<> continuation() const noexcept {
        return std::coroutine_handle<>::from_address(reinterpret_cast<void*>(link_.bits & ~chain_state::tag_mask));
    }

    chain_state link_;

private:
    template <class U>
    static task_awaiter<U> make_task_awaiter(task<U>& t) noexcept;
};

/// Runs the chain rooted at `h` (whose promise is `p`) for one poll: re-polls its pending leaf
/// and resumes the coroutine waiting on it once that is ready, or resumes `h` when nothing is
/// pending. False when the leaf is still pending. (task::poll and stream::poll_next.)
inline bool drive_chain(promise_base& p, std::coroutine_handle<> h, context& cx) {
    if (!p.is_root()) [[unlikely]] {
        // A child's link names its parent, not a leaf: polling it as a root would resume that
        // parent re-entrantly.
        if (p.started()) throw_task_unusable("poll", true);
        p.become_root();
    }
    chain_state& chain = p.link_;  // a polled coroutine is always a root
    poll_scope scope{&chain, &cx};
    struct install {
        poll_scope* saved;
        explicit install(poll_scope* s) noexcept : saved(std::exchange(current_poll, s)) {}
        ~install() { current_poll = saved; }  // also when the coroutine or the leaf throws
    } installed(&scope);
    if (pending_leaf* leaf = chain.leaf()) {
        if (!leaf->poll_again(leaf, cx)) return false;
        chain.set_leaf(nullptr);
        leaf->resume.resume();
    } else if (!h.done()) {
        h.resume();
    }
    return true;
}

template <class T>
class task_promise : public promise_base {
public:
    task<T> get_return_object() noexcept;
    template <class U = T>
        requires std::is_convertible_v<U&&, T>
    void return_value(U&& v) {
        result_.template emplace<1>(std::forward<U>(v));
    }
    void unhandled_exception() noexcept { result_.template emplace<2>(std::current_exception()); }
    T take_result() {
        if (result_.index() == 2) std::rethrow_exception(std::get<2>(result_));
        return std::move(std::get<1>(result_));
    }

private:
    std::variant<std::monostate, T, std::exception_ptr> result_;  // one slot: value or exception
};

template <>
class task_promise<void> : public promise_base {
public:
    task<void> get_return_object() noexcept;
    void return_void() noexcept {}
    // The exception travels through the thread's in-flight slot to take_result, which runs next
    // (task::poll or the parent's co_await): the frame keeps only a tag bit, not an exception_ptr.
    void unhandled_exception() noexcept {
        stash_in_flight_error(std::current_exception());
        set_threw();
    }
    void take_result() {
        if (take_threw()) [[unlikely]] rethrow_in_flight_error();
    }
};

}  // namespace detail

/// A lazily started coroutine that completes with a `T` (or an exception). `co_await` it from
/// another task, `spawn` it, or `block_on` it. Tokio: an `async fn`'s future.
template <class T = void>
class [[nodiscard]] task {
    static_assert(!std::is_reference_v<T>, "rt::task<T&> is not supported; return a pointer or std::reference_wrapper");

public:
    using promise_type = detail::task_promise<T>;
    using handle_type = std::coroutine_handle<promise_type>;
    using value_type = T;

    task() noexcept = default;
    explicit task(handle_type h) noexcept : h_(h) {}
    task(task&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
    task& operator=(task other) noexcept {
        std::swap(h_, other.h_);
        return *this;
    }
    ~task() {
        if (h_) h_.destroy();
    }

    /// True while this object holds a coroutine (false once moved from, or after the poll() or
    /// co_await that returned its result: the frame is freed as soon as the task completes).
    [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(h_); }

    /// Drives the task as the root of its chain: re-polls its pending leaf and resumes it when that
    /// is ready. Ready when the coroutine finished (its frame is then freed); rethrows its
    /// exception. (Tokio: `Future::poll`.)
    poll_result<T> poll(context& cx) {
        if (!h_) detail::throw_task_unusable("rt::task polled", false);
        if (!detail::drive_chain(h_.promise(), h_, cx)) return pending;
        if (!h_.done()) return pending;
        // Free the frame as soon as the result is out (also when take_result rethrows).
        struct frame_release {
            handle_type h;
            ~frame_release() { h.destroy(); }
        } release{std::exchange(h_, nullptr)};
        if constexpr (std::is_void_v<T>) {
            release.h.promise().take_result();
            return ready();
        } else {
            return release.h.promise().take_result();
        }
    }

    /// The coroutine handle (for the runtime and generated code).
    [[nodiscard]] handle_type handle() const noexcept { return h_; }

private:
    friend struct detail::task_awaiter<T>;
    // The frame of a task that just finished as a child; the task is empty afterwards.
    handle_type release_finished() noexcept { return std::exchange(h_, nullptr); }

    handle_type h_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
    return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
    return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}

/// Throws rt::usage_error when `t` cannot be run by `what` (spawn, block_on...): it is empty (moved
/// from, or consumed by the co_await or poll that completed it) or runs as another coroutine's child.
template <class T>
void check_runnable(const task<T>& t, const char* what) {
    if (!t.valid()) throw_task_unusable(what, false);
    const auto& p = t.handle().promise();
    if (p.started() && !p.is_root()) throw_task_unusable(what, true);
}

template <class U>
task_awaiter<U> promise_base::make_task_awaiter(task<U>& t) noexcept {
    return task_awaiter<U>{{{&future_awaiter<task<U>&>::repoll, {}}, t, {}}, t.handle(), false};
}

}  // namespace detail
}  // namespace rt
