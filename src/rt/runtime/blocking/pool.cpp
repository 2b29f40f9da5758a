// rt/runtime/blocking/pool.cpp — see pool.hpp.
#include "rt/runtime/blocking/pool.hpp"

#include <string>
#include <utility>
#include <vector>

#include "rt/core/error.hpp"
#include "rt/runtime/context.hpp"

namespace rt::detail {

blocking_pool::blocking_pool(const runtime_config& config, scheduler* owner, driver* drv)
    : config_(config), owner_(owner), driver_(drv) {}

// The last reference is gone: the state is read without the lock (see current_thread.cpp).
blocking_pool::~blocking_pool() {
    if (!(shutting_down_ && threads_.empty() && !last_exiting_.joinable())) shutdown_for(std::nullopt);
}

void blocking_pool::block_on(main_future) {
    throw usage_error("rt: the blocking pool cannot block_on a future");
}

void blocking_pool::schedule(task_header* task) {
    if (config_.deterministic) {
        // Deterministic mode: the owning current-thread scheduler runs the call inline when its
        // seeded draw picks it, so its completion takes a place in the one reproducible schedule.
        owner_->schedule(task);
        return;
    }
    shim::unique_lock<shim::mutex> lock(mu_);
    if (shutting_down_) {
        // The task is still in owned(): shutdown cancels it there; only the entry goes.
        lock.unlock();
        task_ref_dec(task);
        return;
    }
    // Paused time stands still until the task is over (allow_auto_advance after its poll, or when
    // shutdown drops it unstarted). Before the push: a thread could run it at once.
    driver_->inhibit_auto_advance();
    queue_.push_back(task);
    if (num_idle_ > 0) {
        --num_idle_;
        ++num_notify_;
        cv_.notify_one();
    } else if (num_threads_ < config_.max_blocking_threads) {
        spawn_thread_locked();
    }
    // Otherwise every thread is busy and the pool is full: the task waits in the queue.
}

void blocking_pool::spawn_thread_locked() {
    const std::uint64_t id = next_thread_id_++;
    ref_inc();  // the thread keeps the pool alive even if it outlives a timed-out shutdown
    try {
        threads_.emplace(id, os_thread(config_.thread_name, config_.thread_stack_size, [this, id] { run_thread(id); }));
    } catch (...) {
        ref_dec();
        if (num_threads_ == 0) throw;  // nothing could ever run the task
        return;                        // a busy thread will pick the task up later
    }
    ++num_threads_;
}

void blocking_pool::run_thread(std::uint64_t id) {
    // Keep the runtime's scheduler alive while this thread may enter it.
    scheduler_ref owner_ref = scheduler_ref::share(owner_);
    if (config_.on_thread_start) config_.on_thread_start();
    {
        enter_guard entered(owner_, nullptr, config_.rng_seed.value_or(0) ^ (id * 0x9E3779B97F4A7C15ull), driver_);
        blocking_region_guard may_block;  // blocking work may call handle::block_on
        shim::unique_lock<shim::mutex> lock(mu_);
        bool retire = false;
        while (!retire) {
            while (!shutting_down_) {
                task_header* task = queue_.pop_front();
                if (!task) break;
                lock.unlock();
                task->vtable->poll(task);  // runs the function; consumes the entry's reference
                driver_->allow_auto_advance();
                lock.lock();
            }
            if (shutting_down_) break;
            ++num_idle_;
            for (;;) {
                const auto deadline = std::chrono::steady_clock::now() + config_.thread_keep_alive;
                const bool timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
                if (num_notify_ > 0) {  // a schedule() claimed this idle thread (num_idle_ already down)
                    --num_notify_;
                    break;
                }
                if (shutting_down_) {
                    --num_idle_;
                    break;
                }
                if (timed_out) {  // nobody needed us for keep_alive: retire
                    --num_idle_;
                    retire = true;
                    break;
                }
            }
        }
        // Exit bookkeeping: a thread cannot join itself, so it parks its handle in last_exiting_
        // and joins the previous one (Tokio does the same).
        os_thread previous;
        if (!shutting_down_) {
            auto it = threads_.find(id);
            if (it != threads_.end()) {
                previous = std::exchange(last_exiting_, std::move(it->second));
                threads_.erase(it);
            }
        }
        --num_threads_;
        if (num_threads_ == 0) shutdown_cv_.notify_all();
        lock.unlock();
        previous.join();
    }
    if (config_.on_thread_stop) config_.on_thread_stop();
    owner_ref = scheduler_ref();
    ref_dec();
}

void blocking_pool::shutdown_for(std::optional<std::chrono::nanoseconds> timeout) {
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (shutting_down_ && threads_.empty() && !last_exiting_.joinable()) return;
    }
    close();  // idle threads exit; queued work will never start
    std::vector<os_thread> to_join;
    bool all_exited = true;
    {
        shim::unique_lock<shim::mutex> lock(mu_);
        // A pool thread that shuts its own runtime down must not wait for itself.
        bool self = is_current_thread(last_exiting_);
        for (auto& [id, t] : threads_) self = self || is_current_thread(t);
        if (self) {
            all_exited = false;
        } else if (timeout) {
            all_exited = shutdown_cv_.wait_for(lock, *timeout, [&] { return num_threads_ == 0; });
        } else {
            shutdown_cv_.wait(lock, [&] { return num_threads_ == 0; });
        }
        for (auto& [id, t] : threads_) to_join.push_back(std::move(t));
        threads_.clear();
        to_join.push_back(std::move(last_exiting_));
    }
    for (os_thread& t : to_join) {
        if (all_exited) {
            t.join();
        } else {
            t.detach();  // still running blocking work: it holds a pool reference and finishes alone
        }
    }
    // Cancel every task not yet finished (running ones only get CANCELLED set, which a blocking
    // task ignores, as in Tokio), then drop the entries of queued work that never started.
    cancel_all_tasks();
}

void blocking_pool::close_queues() {
    shim::lock_guard<shim::mutex> lock(mu_);
    shutting_down_ = true;
    cv_.notify_all();
}

void blocking_pool::take_queued(task_fifo& out) {
    std::size_t dropped = 0;
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        dropped = queue_.size();
        out.append(queue_);
    }
    // Work that will never run no longer holds the paused clock (schedule() inhibited it per task);
    // after the lock: allowing may unpark the runtime's driver.
    for (; dropped > 0; --dropped) driver_->allow_auto_advance();
}

std::size_t blocking_pool::num_threads() {
    shim::lock_guard<shim::mutex> lock(mu_);
    return num_threads_;
}

std::size_t blocking_pool::num_idle_threads() {
    shim::lock_guard<shim::mutex> lock(mu_);
    return num_idle_;
}

std::size_t blocking_pool::queue_depth() {
    shim::lock_guard<shim::mutex> lock(mu_);
    return queue_.size();
}

}  // namespace rt::detail
