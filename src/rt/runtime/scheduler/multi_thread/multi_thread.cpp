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
    // True while block_in_place has put the core down and no thread has taken it yet; whoever
    // exchanges it back to false holds the core (the replacement thread, or the caller again).
    shim::atomic<bool> core_free{false};

    // The core: only this worker's thread touches these.
    alignas(128) task_header* lifo = nullptr;
    task_header* running = nullptr;    // the task this worker polls (or polled last; see poll_one)
    std::vector<waker> deferred;       // yields waiting for the next driver poll, from deferred_pos on
    std::size_t deferred_pos = 0;      // deferred[0, deferred_pos) were woken already
    std::uint32_t tick = 0;
    bool searching = false;
    bool parked = false;    // inside park(): pushes to the local queue need no notify
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

// The worker the current thread is (null on other threads), and whether it holds that worker's
// core: false after block_in_place handed it on (wakes from this thread then go remote).
struct current_worker {
    multi_thread_scheduler* sched = nullptr;
    void* w = nullptr;
    bool has_core = false;
};
thread_local current_worker t_current;

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

// As ~current_thread_scheduler: the last reference is gone, shut_down_ is read without the lock.
multi_thread_scheduler::~multi_thread_scheduler() {
    if (!shut_down_) shutdown(std::nullopt);
}

void multi_thread_scheduler::start() {
    shim::lock_guard<shim::mutex> lock(threads_mu_);
    for (auto& w : workers_) start_thread_locked(*w, false);
}

void multi_thread_scheduler::start_thread_locked(worker& w, bool replacement) {
    const std::uint64_t id = next_thread_id_++;
    worker* wp = &w;
    {
        // Counted before the thread exists, so shutdown never misses a thread it must wait for.
        // Lock order: threads_mu_ (held by the caller), then shutdown_mu_.
        shim::lock_guard<shim::mutex> lock(shutdown_mu_);
        ++running_workers_;
    }
    try {
        threads_.emplace(id, os_thread(config_.thread_name, config_.thread_stack_size,
                                       [this, wp, id, replacement] { run_worker(*wp, id, replacement); }));
    } catch (...) {
        shim::lock_guard<shim::mutex> lock(shutdown_mu_);
        --running_workers_;
        throw;
    }
}

// ---- scheduling --------------------------------------------------------------------------------

void multi_thread_scheduler::schedule(task_header* task) {
    if (t_current.sched == this && t_current.has_core) {
        schedule_local(*static_cast<worker*>(t_current.w), task);
        return;
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
    if (task == w.running) [[unlikely]] {
        // Woken during its own poll (its waker, or an exhausted coop budget): a yield, to the
        // back of the queue, so a task that keeps waking itself cannot take the LIFO slot's
        // polls from the tasks already waiting (Tokio schedules it as a yield too).
        w.queue.push_back(task, *this);
        if (!w.parked && w.queue.has_stealable()) notify_parked();
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
        shim::unique_lock<shim::mutex> lock(inject_mu_);
        if (is_closed()) {
            // Shutdown cancels the task through the owned list; the entry goes, outside the lock
            // and last (see scheduler.hpp).
            lock.unlock();
            task_ref_dec(task);
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

void multi_thread_scheduler::run_worker(worker& w, std::uint64_t id, bool replacement) {
    scheduler_ref keep = scheduler_ref::share(this);
    if (config_.on_thread_start) config_.on_thread_start();
    {
        enter_guard entered(this, &w.sink, w.seed, driver_.get());
        // A replacement takes the core block_in_place put down, unless its caller took it back
        // first. acquire: pairs with hand_off_core's release store, so the core's state is ours.
        const bool has_core = !replacement || w.core_free.exchange(false, std::memory_order_acquire);
        t_current = {this, &w, has_core};
        if (has_core) run_core(w);
        if (t_current.has_core) {  // shut down with the core in hand: the worker's last thread
            w.deferred.clear();
            w.deferred_pos = 0;
        }
        t_current = {};
    }
    bool finish = false;
    {
        // The last worker out either wakes the shutdown that waits for it, or, when that shutdown
        // stopped waiting (its timeout ran out while this worker was busy), finishes it here.
        shim::lock_guard<shim::mutex> lock(shutdown_mu_);
        finish = --running_workers_ == 0 && abandoned_;
        if (running_workers_ == 0) workers_stopped_.notify_all();
    }
    if (finish) finish_shutdown();  // `keep` holds the scheduler alive through it
    if (config_.on_thread_stop) config_.on_thread_stop();
    retire_thread(id);
}

void multi_thread_scheduler::run_core(worker& w) {
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
            if (!t_current.has_core) return;  // block_in_place gave the worker to another thread
            continue;
        }
        park(w);
    }
}

void multi_thread_scheduler::retire_thread(std::uint64_t id) {
    os_thread previous;
    {
        // The mutex orders this against join_threads(): either it took our handle (and joins us)
        // or we move it to last_exiting_, where the next thread to exit or join_threads() finds it.
        shim::lock_guard<shim::mutex> lock(threads_mu_);
        auto it = threads_.find(id);
        if (it != threads_.end()) {
            previous = std::exchange(last_exiting_, std::move(it->second));
            threads_.erase(it);
        }
    }
    previous.join();
}

std::vector<os_thread> multi_thread_scheduler::close_threads() {
    std::vector<os_thread> all;
    shim::lock_guard<shim::mutex> lock(threads_mu_);
    threads_closed_ = true;  // no replacement thread may start from now on
    for (auto& [id, t] : threads_) all.push_back(std::move(t));
    threads_.clear();
    all.push_back(std::move(last_exiting_));
    return all;
}

void multi_thread_scheduler::join_threads() {
    for (os_thread& t : close_threads()) t.join();
}

void multi_thread_scheduler::detach_threads() {
    for (os_thread& t : close_threads()) t.detach();
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
    // Not cleared after the poll (the core may be another thread's by then, see block_in_place):
    // schedule_local only compares it while a task runs here (wakes == task happens inside polls
    // only; driver and deferred wakes are marked), so a stale value is never looked at.
    w.running = task;
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
        if (!t_current.has_core) return;  // block_in_place gave the worker to another thread
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
    // The tasks run on the workers; this thread only polls the main future. After shutdown this
    // still drives futures that need no runtime (Tokio does too): spawns inside are cancelled,
    // timers and I/O throw.
    block_on_parked(this, driver_.get(), seed_, main);
}

multi_thread_scheduler::blocking_entry multi_thread_scheduler::enter_blocking() {
    multi_thread_scheduler* s = t_current.sched;
    if (!s) return blocking_entry::not_worker;
    if (!t_current.has_core) return blocking_entry::nested;  // the core went on already
    worker& w = *static_cast<worker*>(t_current.w);
    // The LIFO task goes to the stealable queue, and a sleeping worker is woken to help with it.
    if (task_header* t = std::exchange(w.lifo, nullptr)) w.queue.push_back(t, *s);
    if (!w.queue.empty() || s->inject_len_.load(std::memory_order_relaxed) != 0) s->notify_parked();
    if (!s->hand_off_core(w)) {
        // Shutting down, or no thread could be started: keep the core (the worker's other tasks
        // then wait for the closure, or for the other workers to steal them).
        return blocking_entry::nested;
    }
    return blocking_entry::handed_off;
}

bool multi_thread_scheduler::hand_off_core(worker& w) {
    // The mutex orders the start against join_threads(): a thread started here is joined there.
    shim::lock_guard<shim::mutex> lock(threads_mu_);
    if (threads_closed_ || is_closed()) return false;
    t_current.has_core = false;
    tls().defer = nullptr;  // yields from this thread wake at once: the deferred list is the core's
    // release: the core's state written so far is visible to the thread that takes it (acquire).
    w.core_free.store(true, std::memory_order_release);
    try {
        start_thread_locked(w, true);
    } catch (...) {
        w.core_free.store(false, std::memory_order_relaxed);  // nobody else saw it: still ours
        t_current.has_core = true;
        tls().defer = &w.sink;
        return false;
    }
    return true;
}

void multi_thread_scheduler::leave_blocking() {
    // Take the core back if the replacement has not taken it yet (Tokio: block_in_place's Reset);
    // otherwise this thread finishes polling its task without a core, then leaves the worker.
    // acquire: pairs with the release store of whoever put the core down.
    worker& w = *static_cast<worker*>(t_current.w);
    if (w.core_free.exchange(false, std::memory_order_acquire)) {
        t_current.has_core = true;
        tls().defer = &w.sink;
    }
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

void multi_thread_scheduler::shutdown(std::optional<std::chrono::nanoseconds> timeout) {
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
    close();
    for (auto& w : workers_) w->parker.unpark(*driver_);
    bool all_stopped = true;
    {
        // Each thread leaves its loop at its next check of closed_; one busy inside a poll (or in
        // block_in_place) may take any time. With a timeout we stop waiting for it (Tokio:
        // shutdown_timeout): the last thread out then finishes the shutdown (run_worker).
        shim::unique_lock<shim::mutex> lock(shutdown_mu_);
        const auto stopped = [this] { return running_workers_ == 0; };
        if (timeout) {
            all_stopped = workers_stopped_.wait_for(lock, *timeout, stopped);
        } else {
            workers_stopped_.wait(lock, stopped);
        }
        abandoned_ = !all_stopped;
    }
    if (all_stopped) {
        join_threads();
        finish_shutdown();
    } else {
        detach_threads();  // each thread holds a scheduler reference until it ends
    }
}

void multi_thread_scheduler::finish_shutdown() {
    // Every worker thread is out of its loop: this thread now owns every core. Cancel what is left
    // (destructors run inside the runtime's context), drop the queue entries, stop the driver.
    enter_guard entered(this, nullptr, seed_, driver_.get());
    cancel_all_tasks();
    for (auto& w : workers_) {
        w->deferred.clear();
        w->deferred_pos = 0;
    }
    driver_->shutdown();
}

void multi_thread_scheduler::close_queues() {
    // Under inject_mu_: a remote schedule() either queued before (take_queued drops the entry) or
    // sees closed_. release: a worker that reads closed_ with acquire sees everything before.
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    closed_.store(true, std::memory_order_release);
}

void multi_thread_scheduler::take_queued(task_fifo& out) {
    for (auto& w : workers_) {
        if (task_header* t = std::exchange(w->lifo, nullptr)) out.push_back(t);
        while (task_header* t = w->queue.pop()) out.push_back(t);
    }
    shim::lock_guard<shim::mutex> lock(inject_mu_);
    out.append(inject_woken_);
    out.append(inject_);
    inject_len_.store(0, std::memory_order_relaxed);
    woken_len_.store(0, std::memory_order_relaxed);
}

}  // namespace rt::detail
