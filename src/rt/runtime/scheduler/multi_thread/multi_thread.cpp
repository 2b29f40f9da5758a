// rt/runtime/scheduler/multi_thread/multi_thread.cpp — see multi_thread.hpp.
#include "rt/runtime/scheduler/multi_thread/multi_thread.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

#include "rt/core/coop.hpp"
#include "rt/core/error.hpp"
#include "rt/runtime/context.hpp"
#include "rt/runtime/driver/thread_parker.hpp"

namespace rt::detail {

struct multi_thread_scheduler::worker {
    std::size_t index = 0;
    local_queue queue;  // shared: stolen from by other workers
    // Shared: unparked by anyone. Its own cache-line pair (as the core below): the owner writes the
    // core's fields on every poll, and sharing a line with them made every unpark and steal miss
    // (yield_many lost ~30% when the parker shrank to one word and moved next to them).
    alignas(128) worker_parker parker;
    os_thread thread;

    // The core: only this worker's thread touches these.
    alignas(128) task_header* lifo = nullptr;
    std::vector<waker> deferred;       // yields waiting for the next driver poll, from deferred_pos on
    std::size_t deferred_pos = 0;      // deferred[0, deferred_pos) were woken already
    std::uint32_t tick = 0;
    bool searching = false;
    bool parked = false;    // inside park(): pushes to the local queue need no notify
    bool has_core = false;  // false while in block_in_place: wakes from this thread go remote
    // What this thread is waking right now, which decides where schedule_local puts a task.
    // One field, so the common case (a task woke another) costs a single test.
    enum class waking : std::uint8_t {
        task,      // a running task woke it: the LIFO slot
        deferred,  // wake_deferred: a yield, to the back
        driver,    // a driver poll: a due timer / ready I/O, to the back or to inject_woken_
    } wakes = waking::task;
    bool driver_woke = false;  // the driver poll under way queued a task (reset by its caller)
    bool spill_all = false;    // older driver wakes wait in inject_woken_: queue behind them
    task_fifo driver_spill;    // driver wakes kept aside for inject_woken_, in wake order
    defer_sink sink{};
    std::uint64_t seed = 0;

    // Metrics: written by the owner only (relaxed load+store), read by anyone.
    shim::atomic<std::uint64_t> polls{0}, steals{0}, parks{0};
    static void bump(shim::atomic<std::uint64_t>& c, std::uint64_t n = 1) noexcept {
        c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
};

namespace {

constexpr int max_lifo_polls_per_tick = 3;  // Tokio: MAX_LIFO_POLLS_PER_TICK

// The worker the current thread is (null on other threads).
struct current_worker {
    multi_thread_scheduler* sched = nullptr;
    void* w = nullptr;
};
thread_local current_worker t_current;

// The block_on waker: a refcounted thread parker for the thread inside block_on.
struct block_on_parker {
    thread_parker parker;
    shim::atomic<std::size_t> refs{1};
    void ref_dec() {
        // acq_rel: the last owner sees every other owner's use before deleting.
        if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }
};
block_on_parker* parker_of(const void* d) { return static_cast<block_on_parker*>(const_cast<void*>(d)); }
void bp_clone(const void* d) { parker_of(d)->refs.fetch_add(1, std::memory_order_relaxed); }
void bp_wake_by_ref(const void* d) { parker_of(d)->parker.unpark(); }
void bp_wake(const void* d) {
    parker_of(d)->parker.unpark();
    parker_of(d)->ref_dec();
}
void bp_drop(const void* d) { parker_of(d)->ref_dec(); }
constexpr waker_vtable block_on_waker_vtable{&bp_clone, &bp_wake, &bp_wake_by_ref, &bp_drop};

std::size_t default_workers() {
    const unsigned n = shim::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

}  // namespace

multi_thread_scheduler::multi_thread_scheduler(const runtime_config& config, std::unique_ptr<detail::driver> driver)
    : config_(config),
      driver_(std::move(driver)),
      seed_(config.rng_seed ? *config.rng_seed : std::random_device{}()),
      idle_(config.worker_threads ? config.worker_threads : default_workers()) {
    const std::size_t n = config.worker_threads ? config.worker_threads : default_workers();
    workers_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto w = std::make_unique<worker>();
        w->index = i;
        w->sink = defer_sink{&multi_thread_scheduler::push_deferred, w.get()};
        // Each worker's generator (steal victims, select order) derives from the seed.
        w->seed = seed_ ^ ((i + 1) * 0x9E3779B97F4A7C15ull);
        workers_.push_back(std::move(w));
    }
}

multi_thread_scheduler::~multi_thread_scheduler() { shutdown(); }

void multi_thread_scheduler::start() {
    for (auto& w : workers_) {
        worker* wp = w.get();
        wp->thread = os_thread(config_.thread_name, config_.thread_stack_size, [this, wp] { run_worker(*wp); });
    }
}

// ---- scheduling --------------------------------------------------------------------------------

void multi_thread_scheduler::schedule(task_header* task) {
    if (t_current.sched == this) {
        worker& w = *static_cast<worker*>(t_current.w);
        if (w.has_core) {
            schedule_local(w, task);
            return;
        }
    }
    schedule_remote(task);
}

void multi_thread_scheduler::schedule_local(worker& w, task_header* task) {
    if (w.wakes != worker::waking::task) [[unlikely]] {
        // A yielded task goes to the back, behind everything already queued. So do expired timers
        // (and ready I/O), in the order the driver fires them (earliest deadline first), unless
        // they must queue behind older ones (spill_driver_wake). No notify per task:
        // wake_deferred / the driver's caller does it once.
        if (w.wakes == worker::waking::driver && spill_driver_wake(w, task)) return;
        w.queue.push_back(task, *this);
        return;
    }
    bool should_notify;
    if (task_header* prev = std::exchange(w.lifo, task)) {
        w.queue.push_back(prev, *this);
        should_notify = true;
    } else {
        should_notify = false;  // only the LIFO slot, which nobody else can take anyway
    }
    if (should_notify && !w.parked) notify_parked();
}

void multi_thread_scheduler::schedule_remote(task_header* task) {
    {
        shim::lock_guard<shim::mutex> lock(inject_mu_);
        if (is_closed()) {
            task_ref_dec(task);  // shutdown cancels the task through the owned list
            return;
        }
        inject_.push_back(task);
        inject_len_.fetch_add(1, std::memory_order_relaxed);
    }
    notify_parked();
}

void multi_thread_scheduler::push_batch(task_header* first, task_header* last, std::size_t n) {
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    for (task_header* t = first;;) {
        task_header* next = t->queue_next;
        if (is_closed()) {
            task_ref_dec(t);
        } else {
            inject_.push_back(t);
            inject_len_.fetch_add(1, std::memory_order_relaxed);
        }
        if (t == last) break;
        t = next;
    }
    (void)n;
}

bool multi_thread_scheduler::spill_driver_wake(worker& w, task_header* task) {
    w.driver_woke = true;
    if (!w.spill_all && w.queue.free_slots() != 0) return false;
    // It does not fit the local queue, or older driver wakes are waiting in inject_woken_: kept
    // aside, it then goes to the back of inject_woken_ (flush_driver_wakes), which every worker
    // takes before the injection queue's backlog of fresh spawns: a task whose timer fired has
    // waited long enough, and the oldest of them goes first.
    w.driver_spill.push_back(task);
    return true;
}

void multi_thread_scheduler::begin_driver_poll(worker& w) {
    w.wakes = worker::waking::driver;
    // A stale hint only costs order (a wake runs a little early or late), never a lost task.
    w.spill_all = woken_len_.load(std::memory_order_relaxed) != 0;
}

bool multi_thread_scheduler::flush_driver_wakes(worker& w) {
    if (w.driver_spill.empty()) return false;
    // The inject lock orders the batch with every other push/pop of the queues.
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    if (is_closed()) {
        while (task_header* t = w.driver_spill.pop_front()) task_ref_dec(t);
        return true;
    }
    const std::size_t added = w.driver_spill.size();
    inject_woken_.append(w.driver_spill);
    // Refill our local queue from the front: the oldest driver wakes run first. Only as many as
    // surely fit, so push_back never overflows back into the queue whose lock we hold.
    const std::size_t n = std::min<std::size_t>(w.queue.free_slots(), inject_woken_.size());
    for (std::size_t i = 0; i < n; ++i) w.queue.push_back(inject_woken_.pop_front(), *this);
    if (added >= n) {
        inject_len_.fetch_add(added - n, std::memory_order_relaxed);
    } else {
        inject_len_.fetch_sub(n - added, std::memory_order_relaxed);
    }
    woken_len_.store(inject_woken_.size(), std::memory_order_relaxed);
    return true;
}

task_header* multi_thread_scheduler::pop_inject_locked() {
    if (task_header* t = inject_woken_.pop_front()) {
        woken_len_.store(inject_woken_.size(), std::memory_order_relaxed);
        return t;
    }
    return inject_.pop_front();
}

void multi_thread_scheduler::push_one(task_header* t) {
    t->queue_next = nullptr;
    push_batch(t, t, 1);
}

task_header* multi_thread_scheduler::pop_inject(worker& w) {
    if (inject_len_.load(std::memory_order_relaxed) == 0) return nullptr;
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    task_header* t = pop_inject_locked();
    if (!t) return nullptr;
    // Take this worker's share of the backlog into the local queue as well: one lock per batch
    // instead of one per task (overflowed yields and spawns come back in bulk). Only as many as
    // surely fit, so push_back never overflows back into the queue whose lock we hold.
    const std::size_t share = (inject_woken_.size() + inject_.size()) / workers_.size();
    const std::size_t n = std::min<std::size_t>({share, w.queue.free_slots(), local_queue::capacity / 2});
    for (std::size_t i = 0; i < n; ++i) w.queue.push_back(pop_inject_locked(), *this);
    inject_len_.fetch_sub(n + 1, std::memory_order_relaxed);
    return t;
}

void multi_thread_scheduler::unpark() { notify_parked(); }

void multi_thread_scheduler::notify_parked() {
    // The work we just published (queue tail, inject length) must be ordered before our read of
    // the idle state against a parking worker's state update, or both sides could miss each other
    // (lost wake): worker_to_notify reads the state with a seq_cst RMW for that (see idle.hpp).
    const std::size_t w = idle_.worker_to_notify();
    if (w != idle_set::none) workers_[w]->parker.unpark(*driver_);
}

void multi_thread_scheduler::notify_if_work_pending() {
    // Our state update was a seq_cst RMW (transition_worker_to_parked); the fence keeps the queue
    // reads below after it also for readers of this code that expect a Dekker pair.
    shim::fence(std::memory_order_seq_cst);
    for (auto& w : workers_) {
        if (!w->queue.empty()) {
            notify_parked();
            return;
        }
    }
    if (inject_len_.load(std::memory_order_relaxed) != 0) notify_parked();
}

void multi_thread_scheduler::push_deferred(void* self, const waker& w) {
    static_cast<worker*>(self)->deferred.push_back(w);
}

// ---- the worker loop ---------------------------------------------------------------------------

void multi_thread_scheduler::run_worker(worker& w) {
    scheduler_ref keep = scheduler_ref::share(this);
    if (config_.on_thread_start) config_.on_thread_start();
    {
        enter_guard entered(this, &w.sink, w.seed, driver_.get());
        t_current = {this, &w};
        w.has_core = true;
        while (!is_closed()) {
            ++w.tick;
            if (w.tick % config_.event_interval == 0) maintenance(w);
            task_header* task = next_task(w);
            if (!task && w.deferred_pos != w.deferred.size()) {
                // Only yielded tasks are left: poll the driver first (a yield lets I/O and timers
                // in), then run them.
                maintenance(w);
                continue;
            }
            if (!task) task = steal_work(w);
            if (task) {
                run_task(w, task);
                continue;
            }
            park(w);
        }
        w.has_core = false;
        t_current = {};
        w.deferred.clear();
        w.deferred_pos = 0;
    }
    if (config_.on_thread_stop) config_.on_thread_stop();
}

task_header* multi_thread_scheduler::next_task(worker& w) {
    // Every global_queue_interval ticks the injection queue goes first, so tasks woken from
    // outside are not starved by local tasks that keep waking each other.
    if (w.tick % config_.global_queue_interval == 0) {
        if (task_header* t = pop_inject(w)) return t;
    }
    if (task_header* t = std::exchange(w.lifo, nullptr)) return t;
    if (task_header* t = w.queue.pop()) return t;
    return pop_inject(w);
}

task_header* multi_thread_scheduler::steal_work(worker& w) {
    if (!w.searching) {
        if (!idle_.transition_worker_to_searching()) return nullptr;
        w.searching = true;
    }
    const std::size_t n = workers_.size();
    const std::size_t start = fast_rand_n(static_cast<std::uint32_t>(n));  // seeded: reproducible victims
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t victim = (start + i) % n;
        if (victim == w.index) continue;
        std::uint32_t stolen = 0;
        if (task_header* t = workers_[victim]->queue.steal_into(w.queue, stolen)) {
            worker::bump(w.steals, stolen);
            return t;
        }
    }
    return pop_inject(w);
}

void multi_thread_scheduler::poll_one(worker& w, task_header* task) {
    worker::bump(w.polls);
    task->vtable->poll(task);
}

void multi_thread_scheduler::run_task(worker& w, task_header* task) {
    if (w.searching) {
        w.searching = false;
        // The last searcher found work: wake another so the rest of it is picked up too.
        if (idle_.transition_worker_from_searching()) notify_parked();
    }
    poll_one(w, task);
    // Run what the task just woke (message passing) while it is hot in the cache, but at most a
    // few times per tick so two tasks ping-ponging cannot starve the queue.
    for (int i = 0; i < max_lifo_polls_per_tick; ++i) {
        if (!w.has_core) return;  // block_in_place ran inside the poll and is over; stay simple
        task_header* next = std::exchange(w.lifo, nullptr);
        if (!next) return;
        poll_one(w, next);
    }
    if (task_header* rest = std::exchange(w.lifo, nullptr)) {
        w.queue.push_back(rest, *this);
        if (w.queue.has_stealable()) notify_parked();
    }
}

void multi_thread_scheduler::wake_deferred(worker& w) {
    if (w.deferred_pos == w.deferred.size()) return;
    // Wake only as many as surely fit in the local queue: the rest would overflow into the shared
    // injection queue (a lock per batch on both sides, contended by every worker). They stay
    // deferred, first in line: the worker wakes them when its queue has drained (it never parks
    // with deferred wakers) or at its next maintenance. Index-based: a wake may append.
    const std::size_t n = std::min<std::size_t>(w.deferred.size() - w.deferred_pos, w.queue.free_slots());
    w.wakes = worker::waking::deferred;
    for (std::size_t i = 0; i < n; ++i) {
        waker wk = std::move(w.deferred[w.deferred_pos]);
        ++w.deferred_pos;
        std::move(wk).wake();
    }
    w.wakes = worker::waking::task;
    if (w.deferred_pos == w.deferred.size()) {
        w.deferred.clear();  // keeps the capacity: no allocation per round of yields
        w.deferred_pos = 0;
    } else if (w.deferred_pos > w.deferred.size() / 2) {
        // Compact so the list cannot grow without bound while new yields keep arriving.
        w.deferred.erase(w.deferred.begin(), w.deferred.begin() + static_cast<std::ptrdiff_t>(w.deferred_pos));
        w.deferred_pos = 0;
    }
    // One notify for the batch (schedule_local skipped it per task).
    if (w.queue.has_stealable()) notify_parked();
}

void multi_thread_scheduler::maintenance(worker& w) {
    // Every due timer fires now (a bounded batch would leave the rest due until the next poll,
    // 61 ticks away on a busy worker); schedule_local queues them ahead of fresh spawns.
    begin_driver_poll(w);
    worker_parker::poll_driver(*driver_, driver_mu_);
    w.wakes = worker::waking::task;
    if (std::exchange(w.driver_woke, false)) {
        // One notify for the whole batch (schedule_local skipped it per task).
        const bool spilled = flush_driver_wakes(w);
        if (spilled || w.queue.has_stealable()) notify_parked();
    }
    wake_deferred(w);
}

void multi_thread_scheduler::park(worker& w) {
    // Nothing to run: go to sleep. If we were the last searcher, work may have arrived that no
    // one else will look for.
    const bool was_searching = std::exchange(w.searching, false);
    if (idle_.transition_worker_to_parked(w.index, was_searching)) notify_if_work_pending();
    while (!is_closed()) {
        w.parked = true;
        worker::bump(w.parks);  // counted as it parks (Tokio: about_to_park), so idle workers show up
        begin_driver_poll(w);  // see maintenance
        w.parker.park(*driver_, driver_mu_);
        w.wakes = worker::waking::task;
        w.driver_woke = false;  // the backlog notify at the end of park() covers them
        w.parked = false;
        // flush_driver_wakes refills the local queue from inject_woken_, so the backlog notify
        // below covers the rest; unless it is empty (thieves emptied it, a full queue had spilled
        // them): then we would park again, so wake someone now.
        if (flush_driver_wakes(w) && w.queue.empty()) notify_parked();
        wake_deferred(w);
        if (transition_from_parked(w)) break;
    }
    // Woken with a backlog (e.g. the driver woke several tasks onto us): share it. Driver and
    // deferred wakes go to the local queue, never the LIFO slot (empty whenever a worker parks), so
    // two queued tasks are already work for two workers (two ready sockets: both served at once,
    // not one after the other). Tokio: Core::should_notify_others.
    if (!w.searching && w.queue.has_stealable()) notify_parked();
}

bool multi_thread_scheduler::transition_from_parked(worker& w) {
    if (w.lifo || !w.queue.empty()) {
        // Woken by our own driver poll: only a wake from another worker makes us a searcher.
        w.searching = !idle_.unpark_worker_by_id(w.index);
        return true;
    }
    if (idle_.is_parked(w.index)) return false;  // spurious: nobody asked for us
    w.searching = true;  // worker_to_notify counted us as searching
    return true;
}

// ---- block_on, block_in_place, shutdown ----------------------------------------------------

void multi_thread_scheduler::block_on(main_future main) {
    ensure_not_in_runtime("block_on");
    if (is_closed()) throw usage_error("rt::runtime::block_on called on a runtime that was shut down");
    enter_guard entered(this, nullptr, seed_, driver_.get());
    auto* bp = new block_on_parker;
    const waker main_waker(bp, &block_on_waker_vtable);  // adopts the initial reference
    context cx(main_waker);
    for (;;) {
        {
            coop::budget_scope budget;
            if (main.poll(main.self, cx)) return;
        }
        bp->parker.park(std::nullopt);
    }
}

bool multi_thread_scheduler::enter_blocking() {
    multi_thread_scheduler* s = t_current.sched;
    if (!s) return false;
    worker& w = *static_cast<worker*>(t_current.w);
    if (!w.has_core) return true;  // nested block_in_place
    // Hand what we hold to the other workers: the LIFO task goes to the stealable queue, and a
    // sleeping worker is woken to take it.
    w.has_core = false;
    if (task_header* t = std::exchange(w.lifo, nullptr)) w.queue.push_back(t, *s);
    if (!w.queue.empty() || s->inject_len_.load(std::memory_order_relaxed) != 0) s->notify_parked();
    return true;
}

void multi_thread_scheduler::leave_blocking() {
    if (t_current.sched) static_cast<worker*>(t_current.w)->has_core = true;
}

std::uint64_t multi_thread_scheduler::worker_metric(std::size_t i, worker_stat which) {
    if (i >= workers_.size()) throw usage_error("rt::runtime_metrics: worker index out of range");
    worker& w = *workers_[i];
    switch (which) {
        case worker_stat::park_count:
            return w.parks.load(std::memory_order_relaxed);
        case worker_stat::steal_count:
            return w.steals.load(std::memory_order_relaxed);
        case worker_stat::poll_count:
            return w.polls.load(std::memory_order_relaxed);
        case worker_stat::local_queue_depth:
            return w.queue.len();
    }
    return 0;
}

void multi_thread_scheduler::shutdown() {
    {
        shim::lock_guard<shim::mutex> lock(shutdown_mu_);
        if (shut_down_) return;
        shut_down_ = true;
    }
    if (t_current.sched == this) {
        // Joining ourselves would hang (Tokio panics: "Cannot drop a runtime in a context where
        // blocking is not allowed").
        throw usage_error("rt: a multi-thread runtime cannot be shut down from one of its own workers");
    }
    {
        shim::lock_guard<shim::mutex> lock(inject_mu_);
        closed_.store(true, std::memory_order_release);
    }
    owned().close();
    for (auto& w : workers_) w->parker.unpark(*driver_);
    for (auto& w : workers_) w->thread.join();

    // The workers are gone: this thread now owns every core. Cancel what is left (destructors
    // run inside the runtime's context), then drop the queue entries.
    enter_guard entered(this, nullptr, seed_, driver_.get());
    while (task_header* t = owned().pop_front()) t->vtable->shutdown(t);
    for (auto& w : workers_) {
        if (task_header* t = std::exchange(w->lifo, nullptr)) task_ref_dec(t);
        while (task_header* t = w->queue.pop()) task_ref_dec(t);
        w->deferred.clear();
        w->deferred_pos = 0;
    }
    task_fifo remote;
    {
        shim::lock_guard<shim::mutex> lock(inject_mu_);
        remote.append(inject_woken_);
        remote.append(inject_);
        inject_len_.store(0, std::memory_order_relaxed);
        woken_len_.store(0, std::memory_order_relaxed);
    }
    while (task_header* t = remote.pop_front()) task_ref_dec(t);
    // Every task is complete: wait for wakes from other threads still on their way in (they may
    // notify a parker or unpark the driver) before the driver closes its descriptors.
    wait_for_remote_wakes();
    driver_->shutdown();
}

}  // namespace rt::detail
