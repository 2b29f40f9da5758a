// rt/runtime/task/cell.hpp — a spawned task: header + the future (with the callable and arguments
// that made it) + the output, in one pool allocation, and the typed operations on it.
//
// Ownership of the fields follows the state word: the future is touched only by the thread that
// holds RUNNING; the output is written by that thread before COMPLETE and afterwards belongs to the
// join handle (or, if there is none, is destroyed at completion); the join waker field belongs to
// the join handle while JOIN_WAKER is clear and to the task side while it is set.
// Size matters (it is paid per live task): the future and the output share one union (the future
// is destroyed before the output is written), the output's kind and the block's layout are bits of
// the state word (state.hpp), and arguments that only the call needs (taken by value, or through
// std::ref) are passed straight through instead of being stored.
#pragma once

#include <functional>
#include <memory>
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

/// Where the root coroutine frame of a spawned callable may go: room inside the task cell.
struct arena_request {
    void* ptr = nullptr;
    std::size_t size = 0;
    bool taken = false;       // the root frame was placed there
    std::size_t requested = 0;  // the root frame's size (learned for the next spawn of this type)
};

/// Holds a future that was spawned directly.
template <class Fut>
struct future_holder {
    Fut fut;
    explicit future_holder(arena_request&, Fut&& f) : fut(std::move(f)) {}
    Fut& future() noexcept { return fut; }
};

/// Holds a callable and its arguments, and the future made by calling it with them: they live as
/// long as the future does, so a capturing lambda coroutine never dangles (Tokio moves the future
/// into the task the same way).
template <class Fn, class... Args>
struct call_holder_stored {
    using future_type = std::invoke_result_t<Fn&, Args&&...>;
    [[no_unique_address]] Fn fn;  // a captureless lambda takes no room
    std::tuple<Args...> args;
    future_type fut;

    template <class F, class... A>
    explicit call_holder_stored(arena_request& arena, F&& f, A&&... a)
        : fn(std::forward<F>(f)), args(std::forward<A>(a)...), fut(make_future(arena)) {}
    future_type& future() noexcept { return fut; }

private:
    future_type make_future(arena_request& arena) {
        frame_pool::arena_offer offer(arena.ptr, arena.size);
        future_type made = std::apply([this](Args&... stored) { return std::invoke(fn, std::move(stored)...); }, args);
        arena.taken = offer.taken();
        arena.requested = offer.requested();
        return made;
    }
};

/// Parameter types of a callable with exactly one non-template signature (`known` is false for
/// generic lambdas and overloaded function objects).
template <class Sig>
struct params_of {
    static constexpr bool known = false;
};
template <class R, class... P>
struct params_of<R (*)(P...)> {
    static constexpr bool known = true;
    using type = std::tuple<P...>;
};
template <class R, class... P>
struct params_of<R (*)(P...) noexcept> : params_of<R (*)(P...)> {};
template <class R, class C, class... P>
struct params_of<R (C::*)(P...)> : params_of<R (*)(P...)> {};
template <class R, class C, class... P>
struct params_of<R (C::*)(P...) const> : params_of<R (*)(P...)> {};
template <class R, class C, class... P>
struct params_of<R (C::*)(P...) noexcept> : params_of<R (*)(P...)> {};
template <class R, class C, class... P>
struct params_of<R (C::*)(P...) const noexcept> : params_of<R (*)(P...)> {};

template <class Fn>
struct callable_params : params_of<Fn> {};
template <class Fn>
    requires requires { &Fn::operator(); }
struct callable_params<Fn> : params_of<decltype(&Fn::operator())> {};

template <class A>
struct is_reference_wrapper : std::false_type {};
template <class T>
struct is_reference_wrapper<std::reference_wrapper<T>> : std::true_type {};

/// Parameter P, given the stored argument A, does not refer to A itself: P is taken by value, or
/// is an lvalue reference to exactly what a std::reference_wrapper A points to.
template <class P, class A>
constexpr bool param_detached() {
    if constexpr (!std::is_reference_v<P>) {
        return true;
    } else if constexpr (std::is_lvalue_reference_v<P> && is_reference_wrapper<A>::value) {
        return std::is_same_v<std::remove_cvref_t<P>, std::remove_cv_t<typename A::type>>;
    } else {
        return false;
    }
}

/// True when no argument has to outlive the call fn(args...) (then the cell need not keep them:
/// a coroutine has moved its by-value parameters into its frame before the call returns).
template <class Fn, class... Args>
constexpr bool args_die_with_call() {
    using cp = callable_params<Fn>;
    if constexpr (!cp::known) {
        return false;
    } else if constexpr (std::tuple_size_v<typename cp::type> != sizeof...(Args)) {
        return false;
    } else {
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return (param_detached<std::tuple_element_t<I, typename cp::type>, Args>() && ...);
        }(std::index_sequence_for<Args...>{});
    }
}

/// call_holder_stored without the arguments: they are passed straight into the call (every
/// parameter is by value or a reference_wrapper target), which saves their bytes in every task.
template <class Fn, class... Args>
struct call_holder_bare {
    using future_type = std::invoke_result_t<Fn&, Args&&...>;
    [[no_unique_address]] Fn fn;  // kept: a lambda coroutine's captures are reached through it
    future_type fut;

    template <class F, class... A>
    explicit call_holder_bare(arena_request& arena, F&& f, A&&... a)
        : fn(std::forward<F>(f)), fut(make_future(arena, std::forward<A>(a)...)) {}
    future_type& future() noexcept { return fut; }

private:
    template <class... A>
    future_type make_future(arena_request& arena, A&&... a) {
        frame_pool::arena_offer offer(arena.ptr, arena.size);
        future_type made = std::invoke(fn, std::forward<A>(a)...);
        arena.taken = offer.taken();
        arena.requested = offer.requested();
        return made;
    }
};

/// The holder spawn(f, args...) uses: without the arguments when none has to outlive the call.
template <class Fn, class... Args>
using call_holder = std::conditional_t<args_die_with_call<Fn, Args...>(), call_holder_bare<Fn, Args...>,
                                       call_holder_stored<Fn, Args...>>;

template <class Holder>
class task_cell final : public task_header {
public:
    using future_type = std::remove_reference_t<decltype(std::declval<Holder&>().future())>;
    using output_type = future_output_t<future_type>;

    template <class... A>
    task_cell(scheduler* s, std::uint64_t id, arena_request& arena, A&&... a) : task_header(&vtable, s, id) {
        new (&stage_.holder) Holder(arena, std::forward<A>(a)...);
    }
    // A cell is freed only after COMPLETE (the owned list holds a reference until then), when the
    // future is gone and the output was taken or destroyed by whoever owned it: nothing to destroy.
    ~task_cell() = default;

    /// Allocates and constructs a cell from the frame pool, with room for the root coroutine frame
    /// once the frame size of this callable type is known (so the task is one allocation).
    template <class... A>
    static task_cell* create(scheduler* s, A&&... a) {
        const std::size_t hint = frame_hint.load(std::memory_order_relaxed);  // relaxed: only a size hint
        // The room is recorded in 16-byte units in the state word; a larger frame gets its own block.
        const std::size_t room = (hint == no_arena || hint > max_room) ? 0 : hint;
        const std::size_t total = head_size + room;
        void* mem = frame_pool::allocate(total);
        arena_request arena{room ? static_cast<char*>(mem) + head_size : nullptr, room};
        task_cell* c;
        try {
            // A frame placed in the arena and freed by a throwing constructor must not reach the pool.
            frame_pool::inline_frame_scope guard(arena.ptr);
            c = new (mem) task_cell(s, next_task_id(), arena, std::forward<A>(a)...);
        } catch (...) {
            frame_pool::deallocate(mem, total);
            throw;
        }
        bool inline_frame = false, stray_frame = false;
        if (arena.taken) {
            inline_frame = true;
            if (c->root_frame() != arena.ptr) {
                // Another coroutine (created before the root, inside f) took the room; it may outlive
                // the cell, so this block is never freed, and this callable type gets no arena again.
                frame_pool::mark_escaped(arena.ptr);
                inline_frame = false;
                stray_frame = true;
                frame_hint.store(no_arena, std::memory_order_relaxed);
            }
        }
        c->state.set_layout(room / 16, inline_frame, stray_frame);
        // The task's reference to its scheduler, dropped by dealloc_fn: a wake or handle that
        // outlives the runtime still finds a live scheduler (relaxed: the spawner holds one).
        s->ref_inc();
        if (!arena.taken && arena.requested != 0 && frame_pool::enabled() && hint != no_arena) {
            const std::size_t learned = frame_pool::round_size(arena.requested);
            frame_hint.store(learned <= max_room ? learned : no_arena, std::memory_order_relaxed);
        }
        return c;
    }

    /// The spawn path when the scheduler is closed: cancel at once. Drops the never-bound
    /// owned-list reference and the never-queued entry's reference.
    void cancel_unbound() noexcept {
        (void)state.transition_to_shutdown();
        complete(2, cancel_future());
    }

    static const task_vtable vtable;

private:
    static constexpr std::size_t head_size = (sizeof(task_cell) + 15) / 16 * 16;
    static constexpr std::size_t no_arena = ~std::size_t{0};
    static constexpr std::size_t max_room = task_state::room_units_max * 16;
    using output_kind = task_state::output_kind;
    // Frame size of this callable's coroutine, learned from the first spawn (0: not yet known).
    static inline shim::atomic<std::size_t> frame_hint{0};

    static task_cell* self(task_header* h) noexcept { return static_cast<task_cell*>(h); }

    /// Where the root frame lives when it is inline (the block right after the cell), else null.
    char* inline_frame() const noexcept {
        if (!(state.layout() & task_state::frame_inline)) return nullptr;
        return reinterpret_cast<char*>(const_cast<task_cell*>(this)) + head_size;
    }

    void* root_frame() noexcept {
        auto& fut = stage_.holder.future();
        if constexpr (requires { fut.handle().address(); }) {
            return fut.handle().address();
        } else {
            return nullptr;
        }
    }

    /// Destroys the future (and callable, arguments); a root frame in the arena is not freed.
    void destroy_future() noexcept {
        frame_pool::inline_frame_scope guard(inline_frame());
        stage_.holder.~Holder();
    }

    /// Destroys an output of kind `k` that nobody will take.
    void destroy_output(output_kind k) noexcept {
        if (k == output_kind::value) std::destroy_at(&stage_.value);
        if (k == output_kind::error) std::destroy_at(&stage_.error);
    }

    static void poll_fn(task_header* h) {
        task_cell* c = self(h);
        switch (h->state.transition_to_running()) {
            case task_state::run_result::failed:
                task_ref_dec(h);
                return;
            case task_state::run_result::cancelled:
                c->complete(1, c->cancel_future());
                return;
            case task_state::run_result::success:
                break;
        }
        if (const output_kind done = c->poll_future(); done != output_kind::none) {
            c->complete(1, done);
            return;
        }
        switch (h->state.transition_to_idle()) {
            case task_state::idle_result::ok:
                return;  // the run reference went with RUNNING
            case task_state::idle_result::ok_dealloc:
                dealloc_fn(h);
                return;
            case task_state::idle_result::ok_notified:
                h->sched->schedule(h);  // woken while running: the run reference becomes the entry's
                return;
            case task_state::idle_result::cancelled:
                c->complete(1, c->cancel_future());
                return;
        }
    }

    /// Polls the future once; when it finished (future destroyed, output stored), the output's kind,
    /// else none.
    output_kind poll_future() noexcept {
        // The context's waker borrows the run reference: no count change for polling.
        waker borrowed(static_cast<task_header*>(this), &task_waker_vtable);
        context cx(borrowed);
        thread_state& ts = tls();
        const std::uint64_t saved_id = std::exchange(ts.task_id, id);
        output_kind done = output_kind::value;
        bool holder_alive = true;
        {
            coop::budget_scope budget;
            // The root task frees its frame the moment it completes, inside this poll.
            frame_pool::inline_frame_scope inline_frame_guard(inline_frame());
            try {
                auto r = stage_.holder.future().poll(cx);
                if (r.is_pending()) {
                    done = output_kind::none;
                } else {
                    // The output takes the future's place in the stage: destroy the future first
                    // (its destructors run inside the task's context), then store the value.
                    destroy_future();
                    holder_alive = false;
                    if constexpr (std::is_void_v<output_type>) {
                        new (&stage_.value) unit();
                    } else {
                        new (&stage_.value) output_type(r.take());
                    }
                }
            } catch (...) {
                std::exception_ptr error = std::current_exception();
                // Cold path: the runtime may be configured to shut down on unhandled exceptions.
                // Reported before the future (and the callable's captures) is destroyed, so code
                // that observes those destructors also observes the failure as reported.
                if (failure_sink* f = sched->failure()) f->task_failed(error);
                if (holder_alive) destroy_future();
                new (&stage_.error) std::exception_ptr(std::move(error));
                done = output_kind::error;
            }
        }
        ts.task_id = saved_id;
        (void)borrowed.release();
        return done;
    }

    /// Destroys the future of a cancelled task; its output is then "cancelled" (no payload).
    output_kind cancel_future() noexcept {
        thread_state& ts = tls();
        const std::uint64_t saved_id = std::exchange(ts.task_id, id);
        destroy_future();  // runs the destructors of every local in every frame of the task
        ts.task_id = saved_id;
        return output_kind::cancelled;
    }

    /// RUNNING -> COMPLETE with an output of kind `k`, notify the join handle, leave the owned
    /// list, drop `refs` references.
    void complete(std::uint64_t refs, output_kind k) noexcept {
        const std::uint64_t prev = state.transition_to_complete(k);
        if (!(prev & task_state::join_interest)) {
            destroy_output(k);  // nobody will read it
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
        self(h)->complete(1, self(h)->cancel_future());
    }

    /// The join handle's poll: null while the task runs (the join waker is then registered), else
    /// the output's storage, which the join handle moves out of in place (after take_output_kind).
    static void* try_read_output_fn(task_header* h, const waker& w) {
        task_cell* c = self(h);
        if (!(h->state.load() & task_state::complete)) {
            if (!(h->state.load() & task_state::join_waker)) {
                c->join_waker_ = w;
                if (h->state.set_join_waker()) return nullptr;
                c->join_waker_.reset();
            } else if (c->join_waker_.will_wake(w)) {
                return nullptr;
            } else if (h->state.unset_join_waker()) {
                c->join_waker_ = w;
                if (h->state.set_join_waker()) return nullptr;
                c->join_waker_.reset();
            }
        }
        return &c->stage_;
    }

    static void drop_join_fn(task_header* h, bool completed) {
        if (completed) {
            self(h)->destroy_output(h->state.kind());  // none if the handle took it already
        } else {
            self(h)->join_waker_.reset();
        }
    }

    static void dealloc_fn(task_header* h) {
        task_cell* c = self(h);
        scheduler* s = h->sched;
        const std::uint64_t layout = h->state.layout();
        const std::size_t size = head_size + 16 * task_state::room_units(layout);
        c->~task_cell();
        if (!(layout & task_state::escaped)) frame_pool::deallocate(c, size);
        s->ref_dec();  // last: may free the scheduler (its driver, its pool) when the runtime is gone
    }

    // The future while the task runs, the output after (Tokio: `Stage`): never both, so they share
    // storage. Which one is alive follows the state word: the future until COMPLETE, then the
    // output of the kind recorded there (value, exception, or nothing for "cancelled").
    union stage {
        Holder holder;
        stored_t<output_type> value;
        std::exception_ptr error;
        stage() noexcept {}
        ~stage() {}
    };

    stage stage_;
    waker join_waker_;
};

template <class Holder>
const task_vtable task_cell<Holder>::vtable{&task_cell::poll_fn, &task_cell::shutdown_fn,
                                            &task_cell::try_read_output_fn, &task_cell::drop_join_fn,
                                            &task_cell::dealloc_fn};

}  // namespace rt::detail
