// rt/runtime/scheduler/current_thread/current_thread.cpp — see current_thread.hpp.
#include "rt/runtime/scheduler/current_thread/current_thread.hpp"

#include <random>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/runtime/context.hpp"

namespace rt::detail {
namespace {

current_thread_scheduler* sched_of(const void* data) noexcept {
    return static_cast<current_thread_scheduler*>(const_cast<void*>(data));
}

}  // namespace

// The block_on waker: data is the scheduler; it holds a scheduler reference so a waker kept by a
// leaf after block_on returned stays valid.
struct main_waker_ops {
    static void clone(const void* d) { sched_of(d)->ref_inc(); }
    static void wake(const void* d) {
        wake_by_ref(d);
        sched_of(d)->ref_dec();
    }
    static void wake_by_ref(const void* d);
    static void drop(const void* d) { sched_of(d)->ref_dec(); }
    static constexpr waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
};

current_thread_scheduler::current_thread_scheduler(const runtime_config& config, std::unique_ptr<detail::driver> driver)
    : config_(config), driver_(std::move(driver)), seed_(config.rng_seed ? *config.rng_seed : std::random_device{}()) {}

// The last reference is gone, so nobody else can touch the scheduler: shut_down_ is read without
// the core lock (the final ref_dec's acq_rel orders every earlier holder's writes before this). Not
// taking it matters: the last reference is often a waker dropped under some user lock.
current_thread_scheduler::~current_thread_scheduler() {
    if (!shut_down_) shutdown(std::nullopt);
}

void current_thread_scheduler::schedule(task_header* task) {
    if (tls().defer == &defer_sink_) {
        // We hold the core (block_on or shutdown runs on this thread); other threads inside the
        // runtime's context (blocking-pool threads) have their own defer sink or none.
        if (closed_.load(std::memory_order_relaxed)) {
            task_ref_dec(task);
        } else {
            local_.push_back(task);
        }
        return;
    }
    {
        // The mutex orders the push against the core owner's pop and against shutdown's close.
        shim::unique_lock<shim::mutex> lock(inject_mu_);
        if (closed_.load(std::memory_order_relaxed)) {
            lock.unlock();
            task_ref_dec(task);  // outside the lock, and last: see scheduler.hpp
            return;
        }
        inject_.push_back(task);
        inject_len_.fetch_add(1, std::memory_order_relaxed);
    }
    driver_->unpark();
}

void current_thread_scheduler::close_queues() {
    // Under inject_mu_: a remote schedule() either queued before (take_queued drops the entry) or
    // sees closed_. On the core, closed_ is read by the shutting-down thread itself.
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    closed_.store(true, std::memory_order_relaxed);
}

void current_thread_scheduler::take_queued(task_fifo& out) {
    out.append(local_);
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    out.append(inject_);
    inject_len_.store(0, std::memory_order_relaxed);
}

void current_thread_scheduler::unpark() { driver_->unpark(); }

void main_waker_ops::wake_by_ref(const void* d) {
    current_thread_scheduler* s = sched_of(d);
    // release: whatever the waker's caller wrote is visible to the thread that sees the flag.
    s->main_woken_.store(true, std::memory_order_release);
    if (tls().defer != &s->defer_sink_) s->driver_->unpark();
}

void current_thread_scheduler::push_deferred(void* self, const waker& w) {
    static_cast<current_thread_scheduler*>(self)->deferred_.push_back(w);
}

void current_thread_scheduler::block_on(main_future main) {
    ensure_not_in_runtime("block_on");
    shim::unique_lock<shim::mutex> core(core_mu_);  // one block_on at a time holds the core
    if (shut_down_) {
        // Tokio drives the future anyway: no task runs any more, so the core is not needed and
        // several such block_on calls may run at once. Spawns inside are cancelled, timers and
        // I/O throw (their drivers are shut down).
        core.unlock();
        block_on_parked(this, driver_.get(), seed_, main);
        return;
    }
    enter_guard entered(this, &defer_sink_, seed_, driver_.get());
    ref_inc();
    const waker main_waker(this, &main_waker_ops::vtable);
    context cx(main_waker);
    main_woken_.store(true, std::memory_order_relaxed);

    for (;;) {
        if (main_woken_.exchange(false, std::memory_order_acquire)) {
            coop::budget_scope budget;
            if (main.poll(main.self, cx)) return;
        }
        bool idle = false;
        for (std::uint32_t i = 0; i < config_.event_interval; ++i) {
            task_header* task = next_task();
            if (!task) {
                idle = true;
                break;
            }
            task->vtable->poll(task);
        }
        // Out of work: block in the driver unless something is already waiting to run. After
        // event_interval tasks: poll the driver without blocking so I/O and timers keep up.
        const bool may_block = idle && deferred_.empty() && !main_woken_.load(std::memory_order_acquire);
        park(may_block);
    }
}

task_header* current_thread_scheduler::next_task() {
    ++tick_;
    // Every global_queue_interval ticks look at the inject queue first, so remote wakes are not
    // starved by tasks that keep re-queueing themselves locally.
    const bool inject_first = tick_ % config_.global_queue_interval == 0;
    if (!inject_first) {
        if (task_header* t = local_.pop_front()) return t;
    }
    if (inject_len_.load(std::memory_order_relaxed) != 0) {
        shim::lock_guard<shim::mutex> lock(inject_mu_);
        inject_len_.store(0, std::memory_order_relaxed);
        local_.append(inject_);
    }
    return local_.pop_front();
}

void current_thread_scheduler::park(bool may_block) {
    if (may_block) {
        driver_->park(std::nullopt);
    } else {
        driver_->park(std::chrono::nanoseconds::zero());
    }
    wake_deferred();
}

void current_thread_scheduler::wake_deferred() {
    if (deferred_.empty()) return;
    std::vector<waker> batch;
    batch.swap(deferred_);
    for (waker& w : batch) std::move(w).wake();
}

std::size_t current_thread_scheduler::queued_tasks() {
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    return local_.size() + inject_.size();
}

void current_thread_scheduler::shutdown(std::optional<std::chrono::nanoseconds> timeout) {
    // No worker threads: the timeout has nothing to bound here (tasks run inside block_on, and
    // shutdown waits for the core like Tokio's drop does).
    (void)timeout;
    shim::unique_lock<shim::mutex> core(core_mu_);
    if (shut_down_) return;
    shut_down_ = true;
    enter_guard entered(this, &defer_sink_, seed_, driver_.get());
    close();
    cancel_all_tasks();
    deferred_.clear();
    driver_->shutdown();
}

}  // namespace rt::detail
