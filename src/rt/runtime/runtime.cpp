// rt/runtime/runtime.cpp — building, entering and shutting down runtimes.
#include "rt/runtime/runtime.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>

#include "rt/core/error.hpp"
#include "rt/runtime/blocking/pool.hpp"
#include "rt/runtime/driver/make_driver.hpp"
#include "rt/runtime/scheduler/current_thread/current_thread.hpp"
#include "rt/runtime/scheduler/multi_thread/multi_thread.hpp"

namespace rt {
namespace detail {

namespace {

// unhandled_exception_policy::shutdown_runtime: the first exception escaping a task is kept and
// wakes the block_on in progress (if any), which then shuts the runtime down and throws.
class shutdown_on_failure final : public failure_sink {
public:
    void task_failed(std::exception_ptr e) noexcept override {
        waker w;
        {
            // The mutex orders the failure against block_on's registration of its waker, so a
            // block_on either sees failed_ or has its waker woken here.
            shim::lock_guard<shim::mutex> lock(mu_);
            if (!first_) first_ = std::move(e);
            w = main_;
        }
        w.wake_by_ref();
    }
    /// The first failure, or null; registers `w` to be woken by a later one.
    std::exception_ptr check(const waker* w) {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (w && !main_.will_wake(*w)) main_ = *w;
        return first_;
    }
    /// Takes the failure out: block_on reports it once; later calls see a shut-down runtime.
    std::exception_ptr take() {
        shim::lock_guard<shim::mutex> lock(mu_);
        return std::exchange(first_, nullptr);
    }
    void forget_waker() {
        waker old;
        shim::lock_guard<shim::mutex> lock(mu_);
        old = std::move(main_);  // dropped after the lock: the waker's drop may take other locks
    }

private:
    shim::mutex mu_;
    std::exception_ptr first_;
    waker main_;
};

// Wraps the main future: completes early when a task failed.
struct failure_watch {
    main_future inner;
    shutdown_on_failure* sink;
    std::exception_ptr failed;

    static bool poll(void* self, context& cx) {
        auto* w = static_cast<failure_watch*>(self);
        if ((w->failed = w->sink->check(&cx.waker()))) return true;
        return w->inner.poll(w->inner.self, cx);
    }
};

}  // namespace

void block_on_erased(scheduler* s, bool (*poll)(void*, context&), void* self) {
    auto* sink = static_cast<shutdown_on_failure*>(s->failure());
    if (sink == nullptr) {
        s->block_on(main_future{poll, self});
        return;
    }
    failure_watch watch{main_future{poll, self}, sink, nullptr};
    if (!(watch.failed = sink->check(nullptr))) {
        struct forget {
            shutdown_on_failure* sink;
            ~forget() { sink->forget_waker(); }
        } forgetting{sink};
        s->block_on(main_future{&failure_watch::poll, &watch});
    }
    if (watch.failed) {
        (void)sink->take();
        s->shutdown(std::nullopt);  // cancels every other task; the blocking pool is left to the runtime's drop
        throw unhandled_exception_error(watch.failed);
    }
}

scheduler& current_scheduler(const char* what) {
    scheduler* s = scheduler::current();
    if (s == nullptr) {
        throw usage_error(std::string(what) +
                          " must be called from inside an rt runtime (block_on, a spawned task or a "
                          "runtime thread); use runtime::spawn or handle::spawn from outside");
    }
    return *s;
}

}  // namespace detail

handle handle::current() {
    return handle(detail::scheduler_ref::share(&detail::current_scheduler("rt::handle::current")));
}

std::optional<handle> handle::try_current() {
    detail::scheduler* s = detail::scheduler::current();
    if (s == nullptr) return std::nullopt;
    return handle(detail::scheduler_ref::share(s));
}

namespace {

// Tokio's order: cancel the tasks and stop the workers and driver, then wait for the blocking pool.
// A timeout bounds both waits together (workers busy in a poll, blocking work still running).
void shutdown_scheduler(detail::scheduler* s, std::optional<std::chrono::nanoseconds> timeout) {
    if (!s) return;
    const auto start = std::chrono::steady_clock::now();
    s->shutdown(timeout);
    if (detail::scheduler* pool = s->blocking()) {
        std::optional<std::chrono::nanoseconds> left = timeout;
        if (timeout) left = std::max(std::chrono::nanoseconds::zero(), *timeout - (std::chrono::steady_clock::now() - start));
        static_cast<detail::blocking_pool*>(pool)->shutdown_for(left);
    }
}

}  // namespace

runtime& runtime::operator=(runtime&& other) noexcept {
    if (this != &other) {
        shutdown_scheduler(sched_.get(), std::nullopt);
        sched_ = std::move(other.sched_);
    }
    return *this;
}

runtime::~runtime() { shutdown_scheduler(sched_.get(), std::nullopt); }

void runtime::shutdown() { shutdown_scheduler(sched_.get(), std::nullopt); }

void runtime::shutdown_timeout(std::chrono::nanoseconds timeout) { shutdown_scheduler(sched_.get(), timeout); }

namespace {
void apply_policy(detail::scheduler* s, const detail::runtime_config& cfg) {
    if (cfg.unhandled == unhandled_exception_policy::shutdown_runtime) {
        s->set_failure(std::make_unique<detail::shutdown_on_failure>());
    }
}
}  // namespace

runtime runtime::builder::build() {
    switch (cfg_.flavor) {
        case detail::flavor::current_thread: {
            std::unique_ptr<detail::driver> drv = detail::make_driver(cfg_);
            detail::driver* d = drv.get();
            auto s = detail::scheduler_ref::adopt(new detail::current_thread_scheduler(cfg_, std::move(drv)));
            s->set_blocking(new detail::blocking_pool(cfg_, s.get(), d));
            apply_policy(s.get(), cfg_);
            return runtime(std::move(s));
        }
        case detail::flavor::multi_thread: {
            if (cfg_.deterministic) {
                throw usage_error("rt::runtime::builder: deterministic(seed) needs the current_thread flavour "
                                  "(one thread makes one schedule per seed)");
            }
            std::unique_ptr<detail::driver> drv = detail::make_driver(cfg_);
            detail::driver* d = drv.get();
            auto* mt = new detail::multi_thread_scheduler(cfg_, std::move(drv));
            auto s = detail::scheduler_ref::adopt(mt);
            s->set_blocking(new detail::blocking_pool(cfg_, s.get(), d));
            apply_policy(s.get(), cfg_);
            mt->start();
            return runtime(std::move(s));
        }
    }
    throw usage_error("rt::runtime::builder: unknown runtime flavour");
}

}  // namespace rt
