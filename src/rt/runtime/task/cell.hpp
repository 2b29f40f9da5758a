// rt/runtime/task/cell.hpp — a spawned task: header + the future (with the callable and arguments
// that made it) + the output, in one pool allocation, and the typed operations on it.
//
// Ownership of the fields follows the state word: the future is touched only by the thread that
// holds RUNNING; the output is written by that thread before COMPLETE and afterwards belongs to the
// join handle (or, if there is none, is destroyed at completion); the join waker field belongs to
// the join handle while JOIN_WAKER is clear and to the task side while it is set.
#pragma once

#include <functional>
#include <new>
#include <optional>
#include <tuple>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/frame_pool.hpp"
#include "rt/core/future.hpp"
#include "rt/core/thread_state.hpp"
#include "rt/runtime/scheduler/scheduler.hpp"
#include "rt/runtime/task/header.hpp"
#include "rt/runtime/task/output.hpp"

namespace rt::detail {

/// Holds a future that was spawned directly.
template <class Fut>
struct future_holder {
    Fut fut;
    explicit future_holder(Fut&& f) : fut(std::move(f)) {}
    Fut& future() noexcept { return fut; }
};

/// Holds a callable and its arguments, and the future made by calling it with them: they live as
/// long as the future does, so a capturing lambda coroutine never dangles (Tokio moves the future
/// into the task the same way).
template <class Fn, class... Args>
struct call_holder {
    using future_type = std::invoke_result_t<Fn&, Args&&...>;
    Fn fn;
    std::tuple<Args...> args;
    future_type fut;

    template <class F, class... A>
    explicit call_holder(F&& f, A&&... a)
        : fn(std::forward<F>(f)),
          args(std::forward<A>(a)...),
          fut(std::apply([this](Args&... stored) { return std::invoke(fn, std::move(stored)...); }, args)) {}
    future_type& future() noexcept { return fut; }
};

template <class Holder>
class task_cell final : public task_header {
public:
    using future_type = std::remove_reference_t<decltype(std::declval<Holder&>().future())>;
    using output_type = future_output_t<future_type>;

    template <class... A>
    task_cell(scheduler* s, std::uint64_t id, A&&... a) : task_header(&vtable, s, id) {
        holder_.emplace(std::forward<A>(a)...);
    }

    /// Allocates and constructs a cell from the frame pool.
    template <class... A>
    static task_cell* create(scheduler* s, A&&... a) {
        void* mem = frame_pool::allocate(sizeof(task_cell));
        try {
            return new (mem) task_cell(s, next_task_id(), std::forward<A>(a)...);
        } catch (...) {
            frame_pool::deallocate(mem, sizeof(task_cell));
            throw;
        }
    }

    /// The spawn path when the scheduler is closed: cancel at once. Drops the never-bound
    /// owned-list reference and the never-queued entry's reference.
    void cancel_unbound() noexcept {
        (void)state.transition_to_shutdown();
        cancel_future();
        complete(2);
    }

    static const task_vtable vtable;

private:
    static task_cell* self(task_header* h) noexcept { return static_cast<task_cell*>(h); }

    static void poll_fn(task_header* h) {
        task_cell* c = self(h);
        switch (h->state.transition_to_running()) {
            case task_state::run_result::failed:
                task_ref_dec(h);
                return;
            case task_state::run_result::cancelled:
                c->cancel_future();
                c->complete(1);
                return;
            case task_state::run_result::success:
                break;
        }
        if (c->poll_future()) {
            c->complete(1);
            return;
        }
        switch (h->state.transition_to_idle()) {
            case task_state::idle_result::ok:
                task_ref_dec(h);
                return;
            case task_state::idle_result::ok_notified:
                h->sched->schedule(h);  // woken while running: the run reference becomes the entry's
                return;
            case task_state::idle_result::cancelled:
                c->cancel_future();
                c->complete(1);
                return;
        }
    }

    /// Polls the future once; true when it finished (output stored, future destroyed).
    bool poll_future() noexcept {
        // The context's waker borrows the run reference: no count change for polling.
        waker borrowed(static_cast<task_header*>(this), &task_waker_vtable);
        context cx(borrowed);
        thread_state& ts = tls();
        const std::uint64_t saved_id = std::exchange(ts.task_id, id);
        bool done = true;
        {
            coop::budget_scope budget;
            try {
                auto r = holder_->future().poll(cx);
                if (r.is_pending()) {
                    done = false;
                } else if constexpr (std::is_void_v<output_type>) {
                    output_.template emplace<1>();
                } else {
                    output_.template emplace<1>(r.take());
                }
            } catch (...) {
                output_.template emplace<2>(std::current_exception());
            }
            if (done) holder_.reset();  // the future's destructors run inside the task's context
        }
        ts.task_id = saved_id;
        (void)borrowed.release();
        return done;
    }

    void cancel_future() noexcept {
        thread_state& ts = tls();
        const std::uint64_t saved_id = std::exchange(ts.task_id, id);
        holder_.reset();  // runs the destructors of every local in every frame of the task
        ts.task_id = saved_id;
        output_.template emplace<3>();
    }

    /// RUNNING -> COMPLETE, notify the join handle, leave the owned list, drop `refs` references.
    void complete(std::uint64_t refs) noexcept {
        const std::uint64_t prev = state.transition_to_complete();
        if (!(prev & task_state::join_interest)) {
            output_.template emplace<0>();  // nobody will read it
        } else if (prev & task_state::join_waker) {
            join_waker_.wake_by_ref();
        }
        const bool was_owned = sched->owned().remove(this);
        if (state.ref_dec(refs + (was_owned ? 1 : 0))) dealloc_fn(this);
    }

    static void shutdown_fn(task_header* h) {
        if (!h->state.transition_to_shutdown()) {
            task_ref_dec(h);  // running elsewhere (it will see CANCELLED) or already complete
            return;
        }
        self(h)->cancel_future();
        self(h)->complete(1);
    }

    static bool try_read_output_fn(task_header* h, void* out, const waker& w) {
        task_cell* c = self(h);
        if (!(h->state.load() & task_state::complete)) {
            if (!(h->state.load() & task_state::join_waker)) {
                c->join_waker_ = w;
                if (h->state.set_join_waker()) return false;
                c->join_waker_.reset();
            } else if (c->join_waker_.will_wake(w)) {
                return false;
            } else if (h->state.unset_join_waker()) {
                c->join_waker_ = w;
                if (h->state.set_join_waker()) return false;
                c->join_waker_.reset();
            }
        }
        *static_cast<task_output<output_type>*>(out) = std::exchange(c->output_, {});
        return true;
    }

    static void drop_join_fn(task_header* h, bool completed) {
        if (completed) {
            self(h)->output_.template emplace<0>();
        } else {
            self(h)->join_waker_.reset();
        }
    }

    static void dealloc_fn(task_header* h) {
        task_cell* c = self(h);
        c->~task_cell();
        frame_pool::deallocate(c, sizeof(task_cell));
    }

    std::optional<Holder> holder_;
    task_output<output_type> output_;
    waker join_waker_;
};

template <class Holder>
const task_vtable task_cell<Holder>::vtable{&task_cell::poll_fn, &task_cell::shutdown_fn,
                                            &task_cell::try_read_output_fn, &task_cell::drop_join_fn,
                                            &task_cell::dealloc_fn};

}  // namespace rt::detail
