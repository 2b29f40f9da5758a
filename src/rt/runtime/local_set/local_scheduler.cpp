// rt/runtime/local_set/local_scheduler.cpp — see local_scheduler.hpp.
#include "rt/runtime/local_set/local_scheduler.hpp"

#include <utility>

#include "rt/core/error.hpp"

namespace rt::detail {
namespace {
thread_local local_scheduler* t_current_local = nullptr;
}  // namespace

local_scheduler* local_scheduler::current() noexcept { return t_current_local; }

local_scheduler::enter_scope::enter_scope(local_scheduler* s) noexcept : saved_(std::exchange(t_current_local, s)) {}
local_scheduler::enter_scope::~enter_scope() { t_current_local = saved_; }

void local_scheduler::schedule(task_header* task) {
    waker to_wake;
    {
        // The mutex orders the push against the owner's pop and against shutdown's close.
        shim::unique_lock<shim::mutex> lock(mu_);
        if (closed_) {
            // Shutdown cancels the task through the owned list; this entry's reference goes,
            // outside the lock and last (see scheduler.hpp).
            lock.unlock();
            task_ref_dec(task);
            return;
        }
        queue_.push_back(task);
        // Inside tick() on the owner thread the loop sees the entry itself (and wakes the driver
        // if it stops with work left); otherwise the driver must come back to run it.
        if (!(ticking_ && t_current_local == this)) to_wake = driver_;
    }
    to_wake.wake_by_ref();  // outside the lock: the driver's wake may take other locks
}

void local_scheduler::block_on(main_future) {
    throw usage_error("rt::local_set is driven by run_until() or by awaiting it, not by block_on");
}

void local_scheduler::check_owner() {
    const shim::thread_id me = shim::this_thread_id();
    shim::lock_guard<shim::mutex> lock(mu_);
    if (owner_ == shim::thread_id{}) {
        owner_ = me;
    } else if (owner_ != me) {
        throw usage_error(
            "rt::local_set driven from a thread other than the one it first ran on: its tasks must stay "
            "on one thread. Drive it with block_on(set.run_until(...)) or from a current_thread runtime "
            "(a task of a multi_thread runtime may move between workers)");
    }
}

task_header* local_scheduler::pop() {
    shim::lock_guard<shim::mutex> lock(mu_);
    return queue_.pop_front();
}

std::size_t local_scheduler::queued() {
    shim::lock_guard<shim::mutex> lock(mu_);
    return queue_.size();
}

bool local_scheduler::tick(context& cx) {
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (!driver_.will_wake(cx.waker())) driver_ = cx.waker();
        ticking_ = true;
    }
    struct end_tick {
        local_scheduler* s;
        ~end_tick() {
            shim::lock_guard<shim::mutex> lock(s->mu_);
            s->ticking_ = false;
        }
    } ending{this};
    enter_scope entered(this);
    for (int i = 0; i < max_polls_per_tick; ++i) {
        task_header* t = pop();
        if (!t) return false;
        t->vtable->poll(t);  // the task's own budget scope, task id and exception capture apply
    }
    if (queued() == 0) return false;
    cx.waker().wake_by_ref();  // more to do: yield to the runtime, then come back
    return true;
}

void local_scheduler::shutdown(std::optional<std::chrono::nanoseconds> timeout) {
    (void)timeout;  // no threads of its own: the tasks are cancelled on the calling thread
    waker driver;
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (shutting_down_) return;
        shutting_down_ = true;
        driver = std::move(driver_);
    }
    close();
    enter_scope entered(this);  // destructors that call spawn_local see a closed set
    cancel_all_tasks();
}

void local_scheduler::close_queues() {
    // Under mu_: a schedule() either queued before (take_queued drops the entry) or sees closed_.
    shim::lock_guard<shim::mutex> lock(mu_);
    closed_ = true;
}

void local_scheduler::take_queued(task_fifo& out) {
    shim::lock_guard<shim::mutex> lock(mu_);
    out.append(queue_);
}

}  // namespace rt::detail
