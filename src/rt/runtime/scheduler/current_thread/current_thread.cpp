// rt/runtime/scheduler/current_thread/current_thread.cpp — see current_thread.hpp.
#include "rt/runtime/scheduler/current_thread/current_thread.hpp"

#include <algorithm>
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
    : config_(config), driver_(std::move(driver)), seed_(config.rng_seed ? *config.rng_seed : std::random_device{}()) {
    // A generator of its own (not the thread's, which select draws from), so the task order and
    // select's branch order are each a function of the seed alone.
    det_rng_ = seed_state(seed_ ^ 0xD1B54A32D192ED03ull);
}

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
    for (task_header* t : std::exchange(det_ready_, {})) out.push_back(t);
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

// Holds the core; releasing it (the destructor) unparks every block_on waiting for it.
class current_thread_scheduler::core_guard {
public:
    explicit core_guard(current_thread_scheduler& s) : s_(s), lock_(s.core_mu_) {}
    core_guard(current_thread_scheduler& s, shim::unique_lock<shim::mutex> held) : s_(s), lock_(std::move(held)) {}
    ~core_guard() {
        lock_.unlock();
        s_.notify_core_waiters();
        s_.finish_pending_shutdown();
    }
    core_guard(const core_guard&) = delete;
    core_guard& operator=(const core_guard&) = delete;

private:
    current_thread_scheduler& s_;
    shim::unique_lock<shim::mutex> lock_;
};

void current_thread_scheduler::notify_core_waiters() {
    // After the unlock: a waiter registers before it tries the lock, so one whose try failed
    // against our hold is in the list by now (the mutex orders the two).
    shim::lock_guard<shim::mutex> lock(waiters_mu_);
    for (parker_waker* p : core_waiters_) p->parker.unpark();
}

bool current_thread_scheduler::drive_without_core(main_future main, shim::unique_lock<shim::mutex>& core) {
    auto* pw = new parker_waker;  // our reference; the waiter list borrows it until we leave
    struct waiting {
        current_thread_scheduler* s;
        parker_waker* pw;
        ~waiting() {
            {
                shim::lock_guard<shim::mutex> lock(s->waiters_mu_);
                auto& v = s->core_waiters_;
                v.erase(std::find(v.begin(), v.end(), pw));
            }
            pw->ref_dec();
        }
    } registered{this, pw};
    {
        shim::lock_guard<shim::mutex> lock(waiters_mu_);
        core_waiters_.push_back(pw);
    }
    // The runtime's context without its core: spawns and wakes go through the inject queue,
    // timers register with the driver the holder parks on.
    enter_guard entered(this, nullptr, seed_, driver_.get());
    const waker w = pw->make_waker();
    context cx(w);
    for (;;) {
        // Registered before the try: a release after a failed try unparks us, so we try again.
        if (core.try_lock()) return false;
        {
            coop::budget_scope budget;
            if (main.poll(main.self, cx)) return true;
        }
        pw->parker.park(std::nullopt);  // our future's wake, or the core's release
    }
}

void current_thread_scheduler::block_on(main_future main) {
    ensure_not_in_runtime("block_on");
    // One block_on at a time holds the core; another drives its future without it meanwhile.
    shim::unique_lock<shim::mutex> held(core_mu_, std::try_to_lock);
    if (!held.owns_lock() && drive_without_core(main, held)) return;
    if (shut_down_) {
        // Tokio drives the future anyway: no task runs any more, so the core is not needed and
        // several such block_on calls may run at once. Spawns inside are cancelled, timers and
        // I/O throw (their drivers are shut down).
        held.unlock();
        notify_core_waiters();
        block_on_parked(this, driver_.get(), seed_, main);
        return;
    }
    core_guard core(*this, std::move(held));
    enter_guard entered(this, &defer_sink_, seed_, driver_.get());
    ref_inc();
    const waker main_waker(this, &main_waker_ops::vtable);
    context cx(main_waker);
    main_woken_.store(true, std::memory_order_relaxed);

    for (;;) {
        if (main_woken_.exchange(false, std::memory_order_acquire)) {
            if (config_.deterministic) append_trace("poll main\n");
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
    if (config_.deterministic) return next_task_seeded();
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

task_header* current_thread_scheduler::next_task_seeded() {
    // Every ready task is a candidate, wherever it was queued: local wakes, remote wakes (the
    // inject queue) and blocking calls (the pool hands them here in this mode).
    while (task_header* t = local_.pop_front()) det_ready_.push_back(t);
    if (inject_len_.load(std::memory_order_relaxed) != 0) {
        shim::lock_guard<shim::mutex> lock(inject_mu_);
        inject_len_.store(0, std::memory_order_relaxed);
        while (task_header* t = inject_.pop_front()) det_ready_.push_back(t);
    }
    if (det_ready_.empty()) return nullptr;
    // xorshift64* over the scheduler's own state; the pick is swapped to the back and popped.
    det_rng_ ^= det_rng_ >> 12;
    det_rng_ ^= det_rng_ << 25;
    det_rng_ ^= det_rng_ >> 27;
    const std::uint64_t r = det_rng_ * 0x2545F4914F6CDD1Dull;
    const std::size_t i = static_cast<std::size_t>((r >> 32) % det_ready_.size());
    std::swap(det_ready_[i], det_ready_.back());
    task_header* t = det_ready_.back();
    det_ready_.pop_back();
    record("poll", t);
    return t;
}

void current_thread_scheduler::record(const char* event, task_header* task) {
    const auto [it, first] = trace_numbers_.try_emplace(task->id, static_cast<std::uint32_t>(trace_numbers_.size() + 1));
    std::string line = event;
    line += ' ';
    line += std::to_string(it->second);
    if (first) line += " (new)";
    line += '\n';
    append_trace(line);
}

void current_thread_scheduler::append_trace(std::string_view line) {
    // Its own lock, not the core's: runtime::trace() may be called from inside a task.
    shim::lock_guard<shim::mutex> lock(trace_mu_);
    trace_ += line;
}

std::string current_thread_scheduler::trace() {
    shim::lock_guard<shim::mutex> lock(trace_mu_);
    return trace_;
}

void current_thread_scheduler::park(bool may_block) {
    if (config_.deterministic && may_block) append_trace("park\n");
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
    return local_.size() + inject_.size() + det_ready_.size();
}

void current_thread_scheduler::shutdown(std::optional<std::chrono::nanoseconds> timeout) {
    // Tasks run inside block_on, so the core is what shutdown waits for. Without a timeout it waits
    // like Tokio's drop. With one, a core held past the deadline (a handle::block_on on another
    // thread, busy in a poll or parked) is left to its holder: the queues close now, and the
    // holder cancels the tasks when it releases the core.
    shim::unique_lock<shim::mutex> held(core_mu_, std::defer_lock);
    if (!timeout) {
        held.lock();
    } else if (!acquire_core_until(held, std::chrono::steady_clock::now() + *timeout)) {
        close();
        shutdown_pending_.store(true, std::memory_order_relaxed);
        // seq_cst fence, paired with the one in finish_pending_shutdown: either the holder's
        // release (unlock) is visible to this try_lock, or the holder sees shutdown_pending_ —
        // a store-buffering pair that without both fences could miss each other.
        shim::fence(std::memory_order_seq_cst);
        if (!held.try_lock()) return;
    }
    core_guard core(*this, std::move(held));  // its release wakes block_on calls waiting for the core
    finish_shutdown_locked();
}

bool current_thread_scheduler::acquire_core_until(shim::unique_lock<shim::mutex>& core,
                                                  std::chrono::steady_clock::time_point deadline) {
    if (core.try_lock()) return true;
    auto* pw = new parker_waker;  // our reference; the waiter list borrows it until we leave
    {
        shim::lock_guard<shim::mutex> lock(waiters_mu_);
        core_waiters_.push_back(pw);
    }
    bool got = false;
    for (;;) {
        // Registered before the try: a release after a failed try unparks us.
        if ((got = core.try_lock())) break;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        pw->parker.park(deadline - now);
    }
    {
        shim::lock_guard<shim::mutex> lock(waiters_mu_);
        core_waiters_.erase(std::find(core_waiters_.begin(), core_waiters_.end(), pw));
    }
    pw->ref_dec();
    return got;
}

void current_thread_scheduler::finish_pending_shutdown() {
    // Called by every core release, after the unlock. See shutdown(): fence, then look.
    shim::fence(std::memory_order_seq_cst);
    if (!shutdown_pending_.load(std::memory_order_relaxed)) return;
    shim::unique_lock<shim::mutex> held(core_mu_, std::try_to_lock);
    if (!held.owns_lock()) return;  // whoever holds it now finishes at its own release
    shutdown_pending_.store(false, std::memory_order_relaxed);  // under the core: one finisher
    core_guard core(*this, std::move(held));
    finish_shutdown_locked();
}

void current_thread_scheduler::finish_shutdown_locked() {
    if (shut_down_) return;
    shut_down_ = true;
    enter_guard entered(this, &defer_sink_, seed_, driver_.get());
    close();
    cancel_all_tasks();
    deferred_.clear();
    driver_->shutdown();
}

}  // namespace rt::detail
