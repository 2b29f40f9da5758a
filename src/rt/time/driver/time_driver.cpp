// rt/time/driver/time_driver.cpp — see time_driver.hpp.
#include "rt/time/driver/time_driver.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "rt/core/error.hpp"
#include "rt/core/thread_state.hpp"

namespace rt::time::detail {

time_driver::time_driver(const rt::detail::runtime_config& config, std::unique_ptr<rt::detail::driver> inner)
    : core_(std::make_shared<time_core>(config)), inner_(std::move(inner)) {
    core_->inner = inner_.get();
}

time_driver::~time_driver() { shutdown(); }

void time_driver::enter(rt::detail::thread_state& ts) {
    ts.time_driver = this;
    inner_->enter(ts);
}

void time_driver::unpark() {
    // release: pairs with the acquire exchange in park(), which then skips auto-advance.
    woken_.store(true, std::memory_order_release);
    inner_->unpark();
}

void time_driver::inhibit_auto_advance() {
    // relaxed: the blocking pool increments before it queues the task, on the thread that spawns
    // it; a park that runs later on that thread is ordered by program order, and a park on
    // another thread learns of the task only through a wake, which carries its own ordering.
    inhibit_.fetch_add(1, std::memory_order_relaxed);
}

void time_driver::allow_auto_advance() {
    // release: pairs with park()'s acquire load, so a park that sees zero also sees what the
    // blocking work did. The unpark makes a park that still saw the old count (and so blocked
    // without a deadline) look again.
    if (inhibit_.fetch_sub(1, std::memory_order_release) == 1) unpark();
}

void time_driver::park(std::optional<std::chrono::nanoseconds> timeout) {
    time_core& c = *core_;
    std::optional<std::chrono::nanoseconds> wait = timeout;
    std::optional<std::uint64_t> auto_advance_to;
    // About to block (or auto-advance): idle time, so finish the pending cascade first (the next
    // expiration computed below is then exact for the next block). A batch at a time, stopping
    // when a timer is due (it fires first: the cascade is for the block after the current one)
    // or a wake came in (the thread has work to get back to; inner_->park returns at once).
    // relaxed: only a hint to stop early; the exchange after parking is what consumes the wake.
    if (!timeout || timeout->count() > 0) {
        while (!woken_.load(std::memory_order_relaxed)) {
            shim::lock_guard<shim::mutex> lock(c.mu);
            if (!c.wh.cascade(0)) break;  // nothing pending (the common case: no clock read)
            const std::optional<std::uint64_t> next = c.wh.next_expiration();
            if (next && *next <= c.tick_at(c.clk.now())) break;
            c.wh.cascade(fire_batch);
        }
    }
    {
        shim::lock_guard<shim::mutex> lock(c.mu);
        const std::optional<std::uint64_t> next = c.wh.next_expiration();
        if (c.clk.paused()) {
            // Paused time never passes by itself: never block for a duration. When the scheduler
            // is idle (no timeout) and a timer exists, jump to it (Tokio's auto-advance) unless
            // blocking work is in flight (it may still wake a task: wait for it); with no timer
            // at all, block until something external wakes the runtime.
            const bool may_advance = next && inhibit_.load(std::memory_order_acquire) == 0;
            if (timeout || may_advance) wait = std::chrono::nanoseconds::zero();
            if (!timeout && may_advance) auto_advance_to = next;
        } else if (next) {
            const auto until = std::max(c.instant_of(*next) - c.clk.now(), std::chrono::nanoseconds::zero());
            if (!wait || until < *wait) wait = until;
        }
        const bool blocks = !wait || wait->count() > 0;
        c.in_park = blocks;
        c.park_until = next ? *next : std::numeric_limits<std::uint64_t>::max();
    }
    inner_->park(wait);
    {
        shim::lock_guard<shim::mutex> lock(c.mu);
        c.in_park = false;
    }
    // acquire: pairs with unpark()'s release store.
    const bool woken = woken_.exchange(false, std::memory_order_acquire);
    if (auto_advance_to && !woken) c.clk.advance_to(c.instant_of(*auto_advance_to));
    fire_expired();
}

void time_driver::fire_expired() {
    time_core& c = *core_;
    std::vector<rt::waker>& fired = fired_;  // only the parking thread gets here: reuse its capacity
    // The clock is read once, so the loop below ends: it fires what was due at that instant (a
    // timer registered meanwhile for an already processed tick completes at its own poll).
    const std::uint64_t now_tick = c.tick_at(c.clk.now());
    // Everything due up to now_tick fires in this call, in batches: the mutex is released between
    // them so registrations from other workers are not held up by a burst of expirations.
    bool ahead = false;  // a cascade is left after the first batch of it
    while (true) {
        bool more;
        {
            shim::lock_guard<shim::mutex> lock(c.mu);
            more = c.wh.advance(now_tick, [&](timer_node* n) { fired.push_back(std::move(n->waker)); }, fire_batch);
            // Work ahead: bring a batch of the next block's timers down from the coarse levels,
            // in this same hold (so a poll with no cascade pending costs no extra lock), so that
            // entering that block does not have to.
            if (!more) ahead = c.wh.cascade(fire_batch);
        }
        // Woken outside the mutex: a wake may schedule a task, and the scheduler may take its own
        // locks. Earliest deadline first, so a scheduler queues them in deadline order.
        for (rt::waker& w : fired) std::move(w).wake();
        fired.clear();
        if (!more) break;
    }
    // A little more of it (bounded: this may be a busy worker's poll), a batch per hold.
    for (std::size_t i = 1; ahead && i < cascade_batches_per_poll; ++i) {
        shim::lock_guard<shim::mutex> lock(c.mu);
        ahead = c.wh.cascade(fire_batch);
    }
}

void time_driver::shutdown() {
    std::vector<rt::waker> dropped;
    {
        shim::lock_guard<shim::mutex> lock(core_->mu);
        if (core_->shut_down) return;
        core_->shut_down = true;
        core_->inner = nullptr;
        // Timers still registered belong to futures that outlive the runtime's tasks (the root
        // future of block_on, or objects the user kept). They are detached: polling them again
        // throws, destroying them is safe (they hold the core).
        core_->wh.clear([&](timer_node* n) {
            n->state = timer_state::fired;
            dropped.push_back(std::move(n->waker));
        });
    }
    dropped.clear();
    inner_->shutdown();
}

time_core* try_current_core() noexcept {
    auto* d = static_cast<time_driver*>(rt::detail::tls().time_driver);
    return d ? d->core().get() : nullptr;
}

const std::shared_ptr<time_core>& current_core(const char* what) {
    auto* d = static_cast<time_driver*>(rt::detail::tls().time_driver);
    if (d == nullptr) {
        throw rt::usage_error(std::string(what) +
                              " needs the timer of an rt runtime: poll it inside block_on or a spawned task");
    }
    return d->core();
}

}  // namespace rt::time::detail
