// rt/shim/model/blocking.hpp — the model's locks, waits and threads: mutex, condition_variable,
// unique_lock/lock_guard, futex_wait/futex_wake_one, spin_lock, yield_now/spin_hint, thread,
// thread ids and native_thread, each a scheduling point of the running execution.
//
// A waiting thread is *blocked* (not schedulable) until a wake makes it runnable; it then re-checks
// its condition, so wakes are never lost by the model itself and spurious wakes are not modelled.
// Happens-before: unlock -> next lock of the same mutex, spawn -> child start, thread end -> join;
// a futex wake is no synchronization (the woken side re-reads the word, as in the kernel). A timed
// condition wait times out only when no thread can run (a timeout never races with progress).
// spin_lock is modelled as a mutex (blocking, not spinning) so that a spin never bloats the search.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <tuple>
#include <mutex>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include "rt/shim/model/atomic.hpp"

namespace rt::model {

/// Lets other threads run first (a scheduling point that costs no preemption). In a spin loop
/// it is what lets the checker run the thread being waited for. Tokio's loom: `thread::yield_now`.
/// Eventual visibility: after a yield the thread's loads see at least the newest store of every
/// atomic at the time of the yield (hardware publishes stores in finite time; without this a
/// spinning load could read a stale value forever and every spin loop would be a "livelock").
inline void yield_now(std::source_location loc = std::source_location::current()) {
    if (detail::g_current == nullptr) return;
    detail::execution& e = detail::current();
    if (e.tracing()) e.trace("yield", loc);
    e.point(/*yielding=*/true);
    for (auto& l : e.locations()) l.seen[e.current()] = l.history.size() - 1;
}
inline void spin_hint(std::source_location loc = std::source_location::current()) { yield_now(loc); }

/// std::mutex under the model.
class mutex {
public:
    mutex() = default;
    mutex(const mutex&) = delete;
    mutex& operator=(const mutex&) = delete;

    void lock(std::source_location loc = std::source_location::current()) {
        if (!fresh()) return;
        detail::execution& e = detail::current();
        e.point();
        if (owner_ == e.current()) e.fail("mutex locked twice by the same thread");
        while (owner_ >= 0) e.block_on(this, "mutex::lock");
        take(e, loc, "lock");
    }
    bool try_lock(std::source_location loc = std::source_location::current()) {
        if (!fresh()) return true;
        detail::execution& e = detail::current();
        e.point();
        if (owner_ >= 0) {
            if (e.tracing()) e.trace(name() + ".try_lock() fails", loc);
            return false;
        }
        take(e, loc, "try_lock");
        return true;
    }
    void unlock(std::source_location loc = std::source_location::current()) {
        if (!fresh()) return;
        detail::execution& e = detail::current();
        e.point();
        release(e);
        if (e.tracing()) e.trace(name() + ".unlock()", loc);
    }
    /// Unlocks without a scheduling point (condition_variable::wait: unlock and block are one step).
    void release(detail::execution& e) {
        if (owner_ != e.current()) e.fail("mutex unlocked by a thread that does not hold it");
        ++e.me().vc.c[e.current()];
        clock_ = e.me().vc;
        owner_ = -1;
        e.wake_all(this);
    }

private:
    bool fresh() {
        if (detail::g_current == nullptr) return false;
        if (gen_ != detail::g_current->generation()) {  // first use in this execution
            gen_ = detail::g_current->generation();
            owner_ = -1;
            clock_ = {};
            id_ = detail::g_current->next_object_id();
        }
        return true;
    }
    void take(detail::execution& e, const std::source_location& loc, const char* what) {
        owner_ = e.current();
        e.me().vc.join(clock_);  // the previous holder's critical section happens-before ours
        if (e.tracing()) e.trace(name() + "." + what + "()", loc);
    }
    std::string name() const { return "mutex#" + std::to_string(id_); }

    int owner_ = -1;
    detail::vclock clock_;
    std::uint64_t gen_ = 0;
    int id_ = 0;  // in order of first use: the same in every run of the same execution
};

/// std::lock_guard / std::unique_lock work unchanged over the model mutex (they only call
/// lock/unlock/try_lock); condition_variable takes std::unique_lock<rt::model::mutex>.
template <class M>
using unique_lock = std::unique_lock<M>;
template <class M>
using lock_guard = std::lock_guard<M>;

/// std::condition_variable under the model (no spurious wakes; see the file comment).
class condition_variable {
public:
    void wait(unique_lock<mutex>& lk, std::source_location loc = std::source_location::current()) {
        wait_impl(lk, false, loc);
    }
    template <class Pred>
    void wait(unique_lock<mutex>& lk, Pred pred) {
        while (!pred()) wait(lk);
    }
    template <class Rep, class Period>
    std::cv_status wait_for(unique_lock<mutex>& lk, const std::chrono::duration<Rep, Period>&) {
        return wait_impl(lk, true, std::source_location::current()) ? std::cv_status::timeout
                                                                     : std::cv_status::no_timeout;
    }
    template <class Rep, class Period, class Pred>
    bool wait_for(unique_lock<mutex>& lk, const std::chrono::duration<Rep, Period>& d, Pred pred) {
        while (!pred())
            if (wait_for(lk, d) == std::cv_status::timeout) return pred();
        return true;
    }
    template <class Clock, class Dur>
    std::cv_status wait_until(unique_lock<mutex>& lk, const std::chrono::time_point<Clock, Dur>&) {
        return wait_for(lk, std::chrono::nanoseconds(0));
    }
    template <class Clock, class Dur, class Pred>
    bool wait_until(unique_lock<mutex>& lk, const std::chrono::time_point<Clock, Dur>& t, Pred pred) {
        while (!pred())
            if (wait_until(lk, t) == std::cv_status::timeout) return pred();
        return true;
    }
    void notify_one(std::source_location loc = std::source_location::current()) {
        if (detail::g_current == nullptr) return;
        detail::execution& e = detail::current();
        e.point();
        const bool woke = e.wake_one(this);
        if (e.tracing()) e.trace(std::string("condvar.notify_one()") + (woke ? "" : " (nobody waits)"), loc);
    }
    void notify_all(std::source_location loc = std::source_location::current()) {
        if (detail::g_current == nullptr) return;
        detail::execution& e = detail::current();
        e.point();
        e.wake_all(this);
        if (e.tracing()) e.trace("condvar.notify_all()", loc);
    }

private:
    bool wait_impl(unique_lock<mutex>& lk, bool timed, const std::source_location& loc) {
        detail::execution& e = detail::current();
        e.point();
        if (e.tracing()) e.trace("condvar.wait()", loc);
        lk.mutex()->release(e);  // unlocking and blocking are one step: a notify cannot slip between
        const bool timed_out = e.block_on(this, timed ? "condition_variable::wait_for" : "condition_variable::wait", timed);
        lk.mutex()->lock(loc);
        return timed_out;
    }
};

/// futex_wait under the model: blocks while the word's newest value is `expected`.
inline void futex_wait(atomic<std::uint32_t>& word, std::uint32_t expected,
                       std::source_location loc = std::source_location::current()) {
    detail::execution& e = detail::current();
    e.point();
    detail::location& l = word.where();
    const std::uint64_t now = l.history.back().bits;  // the kernel compares the current value
    l.seen[e.current()] = l.history.size() - 1;         // so later loads cannot read older (coherence)
    if (e.tracing())
        e.trace("futex_wait(atomic#" + std::to_string(l.id) + ", " + std::to_string(expected) + ")" +
                    (now == expected ? " blocks" : " returns at once"),
                loc);
    if (now == expected) e.block_on(&l, "futex_wait");
}
/// futex_wake_one under the model: makes one futex_wait on the word return.
inline void futex_wake_one(atomic<std::uint32_t>& word, std::source_location loc = std::source_location::current()) {
    detail::execution& e = detail::current();
    e.point();
    detail::location& l = word.where();
    const bool woke = e.wake_one(&l);
    if (e.tracing()) e.trace("futex_wake_one(atomic#" + std::to_string(l.id) + ")" + (woke ? "" : " (nobody waits)"), loc);
}

/// The shim's spin_lock: a model mutex (see the file comment).
class spin_lock : public mutex {};

/// A model thread's id; value-initialized it names no thread.
struct thread_id {
    int v = -1;
    friend bool operator==(thread_id, thread_id) = default;
};
inline thread_id this_thread_id() noexcept { return {detail::g_current ? detail::g_current->current() : 0}; }

/// std::thread under the model: the body runs as a model thread of the running execution.
/// Tokio's loom: `loom::thread::spawn`.
class thread {
public:
    thread() noexcept = default;
    template <class F, class... A>
    explicit thread(F&& f, A&&... a) {
        // Shared, so that move-only callables and arguments fit in the std::function.
        auto call = std::make_shared<std::tuple<std::decay_t<F>, std::decay_t<A>...>>(std::forward<F>(f),
                                                                                      std::forward<A>(a)...);
        id_ = detail::current().spawn([call] { std::apply([](auto& fn, auto&... args) { std::invoke(fn, args...); }, *call); });
    }
    thread(thread&& o) noexcept : id_(std::exchange(o.id_, -1)) {}
    thread& operator=(thread&& o) noexcept {
        id_ = std::exchange(o.id_, -1);
        return *this;
    }
    [[nodiscard]] bool joinable() const noexcept { return id_ >= 0; }
    void join(std::source_location loc = std::source_location::current()) { join_id(std::exchange(id_, -1), loc); }
    void detach() noexcept { id_ = -1; }
    [[nodiscard]] thread_id get_id() const noexcept { return {id_}; }

    /// Waits for model thread `id` to finish; its operations then happen-before ours.
    static void join_id(int id, std::source_location loc = std::source_location::current()) {
        detail::execution& e = detail::current();
        e.point();
        detail::mthread& t = e.thread(id);
        while (t.state != detail::run_state::finished) e.block_on(&t, "thread::join");
        e.me().vc.join(t.vc);
        if (e.tracing()) e.trace("join(t" + std::to_string(id) + ")", loc);
    }

private:
    int id_ = -1;
};

/// Starts a model thread running `f`; the handle joins it. Same as constructing rt::model::thread.
template <class F>
thread spawn(F&& f) {
    return thread(std::forward<F>(f));
}

/// The shim's native_thread (os_thread's door) as model threads: name and stack size are ignored.
struct native_thread {
    using handle = unsigned long;
    static int start(handle& out, const char*, std::size_t, void* (*fn)(void*), void* arg) {
        out = static_cast<handle>(detail::current().spawn([fn, arg] { fn(arg); }));
        return 0;
    }
    static void join(handle h) { thread::join_id(static_cast<int>(h)); }
    static void detach(handle) noexcept {}
    static bool is_current(handle h) noexcept { return detail::g_current && detail::g_current->current() == static_cast<int>(h); }
};

}  // namespace rt::model
