// rt/runtime/join_set.hpp — rt::join_set<T>: a set of spawned tasks awaited in completion order.
//
// Tokio: `tokio::task::JoinSet`. spawn() adds a task; join_next() completes with the output of
// whichever finishes first (an empty optional when the set is empty), rethrowing that task's
// exception or rt::cancelled_error (the task is removed either way); abort_all() cancels every
// member, shutdown() cancels and awaits them all. Destroying the set aborts every task.
//
// Each member is an entry of join_set_lists.hpp whose waker is the task's join waker: a finishing
// task moves its entry from the idle list to the notified list, and join_next polls only notified
// entries, so a completion costs O(1) whatever the set's size (a new member starts notified, so it
// is polled once to register its waker). Invariant: every member's entry is on the set's `all`
// list, and holds the join handle, until its output was taken or the set let it go.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/poll.hpp"
#include "rt/runtime/join_set_lists.hpp"
#include "rt/runtime/spawn.hpp"
#include "rt/runtime/task/join_handle.hpp"
#include "rt/shim/sync.hpp"

namespace rt {

/// What join_next() gives for a `join_set<void>`: one task finished. Tokio: `()`.
struct joined {};

/// A collection of tasks of the same output type. Tokio: `tokio::task::JoinSet<T>`.
template <class T>
class join_set {
public:
    using output = std::conditional_t<std::is_void_v<T>, joined, T>;

    join_set() noexcept = default;
    join_set(join_set&& o) noexcept
        : lists_(std::exchange(o.lists_, nullptr)), len_(std::exchange(o.len_, 0)), polled_(o.polled_) {
        adopt_all(o);
    }
    join_set& operator=(join_set&& o) noexcept {
        if (this != &o) {
            abort_all();
            detach_all();
            release_lists();
            lists_ = std::exchange(o.lists_, nullptr);
            len_ = std::exchange(o.len_, 0);
            adopt_all(o);
        }
        return *this;
    }
    /// Aborts every task still in the set. Tokio: `Drop for JoinSet`.
    ~join_set() {
        abort_all();
        detach_all();
        release_lists();
    }

    /// Spawns `f(args...)` on the current runtime into the set; returns its abort handle.
    /// Tokio: `JoinSet::spawn`.
    template <class F, class... A>
    abort_handle spawn(F&& f, A&&... args) {
        if (!lists_) lists_ = new detail::js_lists;
        // The entry is made first: a failed allocation must not leave a task nobody joins.
        std::unique_ptr<entry> e(new entry(lists_));
        auto h = rt::spawn(std::forward<F>(f), std::forward<A>(args)...);
        static_assert(std::is_same_v<decltype(h), join_handle<T>>, "the task's output type must be T");
        abort_handle ah = h.get_abort_handle();
        e->handle = std::move(h);
        // relaxed: the set's own reference keeps the lists alive; the entry only adds one.
        lists_->refs.fetch_add(1, std::memory_order_relaxed);
        entry* raw = e.release();
        all_.push_back(&raw->all);
        ++len_;
        // A new entry starts notified: its join waker is registered by the first poll. A join_next
        // already waiting (in a select, say) is woken so that it polls the newcomer.
        waker parent;
        {
            shim::lock_guard<shim::spin_lock> lock(lists_->mu);
            lists_->notified.push_back(raw);
            parent = std::move(lists_->parent);
        }
        std::move(parent).wake();
        return ah;
    }

    /// Future of join_next(). Cancel safe: a member leaves the set only in the poll that returns
    /// its output. Tokio: `JoinSet::join_next`.
    class join_next_future {
    public:
        explicit join_next_future(join_set* s) noexcept : s_(s) {}
        poll_result<std::optional<output>> poll(context& cx) {
            if (s_->len_ == 0) return std::optional<output>{};
            if (!coop::poll_proceed(cx)) return pending;
            // Each pass polls one notified member; a member that is still running goes back to idle
            // with its waker registered. At most len_ passes, then yield, so that members woken
            // again and again from other threads cannot keep this poll going.
            for (std::size_t n = s_->len_;; --n) {
                entry* e = s_->pop_notified(&cx.waker(), n != 0);
                if (!e) return pending;  // nothing notified; our waker is registered
                if (n == 0) {            // still some notified (not taken): yield, come back
                    cx.waker().wake_by_ref();
                    return pending;
                }
                if (auto r = s_->poll_entry(e); r.is_ready()) return r;
            }
        }

    private:
        join_set* s_;
    };

    /// Waits for the next task to finish and gives its output; empty when the set is empty.
    /// Rethrows the task's exception (rt::cancelled_error if aborted). Tokio: `JoinSet::join_next`.
    [[nodiscard]] join_next_future join_next() noexcept { return join_next_future(this); }

    /// The output of a task that already finished, without waiting; empty if none has.
    /// Tokio: `JoinSet::try_join_next`.
    std::optional<output> try_join_next() {
        coop::budget_scope unconstrained(-1);  // a finished task is read at once
        for (std::size_t n = len_; n > 0; --n) {
            entry* e = pop_notified(nullptr);
            if (!e) break;
            if (auto r = poll_entry(e); r.is_ready()) return r.take();
        }
        return std::nullopt;
    }

    /// Aborts every task; they stay in the set until joined. Tokio: `JoinSet::abort_all`.
    void abort_all() noexcept {
        for (detail::js_link* l = all_.next; l != &all_; l = l->next) of_all(l)->handle.abort();
    }

    /// Future of shutdown(): aborts all, then joins every task, discarding outputs and errors.
    class shutdown_future {
    public:
        explicit shutdown_future(join_set* s) noexcept : s_(s) { s_->abort_all(); }
        poll_result<void> poll(context& cx) {
            while (s_->len_ != 0) {
                try {
                    join_next_future next(s_);
                    if (next.poll(cx).is_pending()) return pending;
                } catch (...) {
                    // Outputs and errors of the members are dropped, as Tokio's shutdown does.
                }
            }
            return ready();
        }

    private:
        join_set* s_;
    };
    /// Aborts every task and waits until all have stopped. Tokio: `JoinSet::shutdown`.
    [[nodiscard]] shutdown_future shutdown() noexcept { return shutdown_future(this); }

    /// Tasks in the set (finished ones count until joined). Tokio: `JoinSet::len`.
    [[nodiscard]] std::size_t len() const noexcept { return len_; }
    /// True when the set holds no task. Tokio: `JoinSet::is_empty`.
    [[nodiscard]] bool is_empty() const noexcept { return len_ == 0; }

    /// Detaches every task (they keep running) and empties the set. Tokio: `JoinSet::detach_all`.
    void detach_all() noexcept {
        while (!all_.empty()) remove(of_all(all_.next));
    }

    /// For tests: how many member polls join_next / try_join_next made so far (each completion costs
    /// O(1) of them, whatever the set's size). Tokio has no equivalent.
    [[nodiscard]] std::size_t members_polled_for_test() const noexcept { return polled_; }

private:
    struct entry : detail::js_entry {
        explicit entry(detail::js_lists* l) noexcept : detail::js_entry(l, &destroy) {}
        static void destroy(detail::js_entry* e) noexcept { delete static_cast<entry*>(e); }
        join_handle<T> handle;  // the set's alone; empty once the set let the entry go
    };
    static entry* of_all(detail::js_link* l) noexcept {
        return static_cast<entry*>(static_cast<detail::js_entry::all_link*>(l)->entry);
    }

    /// Takes the oldest notified entry and puts it on the idle list (its poll registers its waker);
    /// with `take` false, only returns it (not null: "some member is notified"). When none is
    /// notified, registers `w` (if given) to be woken by the next notification and returns null.
    /// The waker is cloned and the old one dropped outside the lock.
    entry* pop_notified(const waker* w, bool take = true) {
        if (!lists_) return nullptr;
        waker fresh;  // declared before the lock: the waker it ends up holding is dropped unlocked
        for (bool clone = false;; clone = true) {
            if (clone) fresh = *w;  // the clone is waker code: made unlocked, then look again
            shim::lock_guard<shim::spin_lock> lock(lists_->mu);
            if (!lists_->notified.empty()) {
                auto* e = static_cast<entry*>(static_cast<detail::js_entry*>(lists_->notified.next));
                if (!take) return e;
                detail::js_link::unlink(e);
                lists_->idle.push_back(e);
                e->in = detail::js_entry::where::idle;
                return e;
            }
            if (!w || lists_->parent.will_wake(*w)) return nullptr;
            if (!fresh.empty()) {
                lists_->parent.swap(fresh);
                return nullptr;
            }
        }
    }

    /// Polls an entry's handle with the entry's own waker; when the task finished, removes the
    /// entry and returns the output (rethrowing the task's error).
    poll_result<std::optional<output>> poll_entry(entry* e) {
        ++polled_;
        waker w(static_cast<detail::js_entry*>(e), &detail::js_entry_waker_vtable);
        struct borrowed {  // the context borrows the set's reference: give it back, never drop it
            waker& w;
            ~borrowed() { (void)w.release(); }
        } keep{w};
        context cx(w);
        try {
            if constexpr (std::is_void_v<T>) {
                if (e->handle.poll(cx).is_pending()) return pending;
                remove(e);
                return std::optional<output>(joined{});
            } else {
                auto r = e->handle.poll(cx);
                if (r.is_pending()) return pending;
                std::optional<output> out(r.take());
                remove(e);
                return out;
            }
        } catch (...) {
            remove(e);
            throw;
        }
    }

    /// Takes an entry out of the set: off its list (a late wake then does nothing), its task
    /// detached (its output, if not taken, is dropped by the task), the set's reference dropped.
    void remove(entry* e) noexcept {
        {
            shim::lock_guard<shim::spin_lock> lock(lists_->mu);
            detail::js_link::unlink(e);
            e->in = detail::js_entry::where::none;
        }
        detail::js_link::unlink(&e->all);
        --len_;
        e->handle.detach();  // outside the lock: it may drop the entry's waker held by the task
        detail::js_entry_release(e);
    }

    void release_lists() noexcept {
        if (!lists_) return;
        waker parent;
        {
            shim::lock_guard<shim::spin_lock> lock(lists_->mu);
            parent = std::move(lists_->parent);
        }
        detail::js_lists::release(std::exchange(lists_, nullptr));
    }

    /// After a move: take over the other set's `all` list (the links point at its sentinel).
    void adopt_all(join_set& o) noexcept {
        if (o.all_.empty()) return;
        all_.next = o.all_.next;
        all_.prev = o.all_.prev;
        all_.next->prev = &all_;
        all_.prev->next = &all_;
        o.all_.next = o.all_.prev = &o.all_;
    }

    detail::js_lists* lists_ = nullptr;  // made by the first spawn
    detail::js_link all_;                // every member, through js_entry::all (owner only)
    std::size_t len_ = 0;
    std::size_t polled_ = 0;
};

}  // namespace rt
