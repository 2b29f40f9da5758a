// rt/runtime/runtime.cpp — building, entering and shutting down runtimes.
#include "rt/runtime/runtime.hpp"

#include "rt/core/error.hpp"
#include "rt/runtime/blocking/pool.hpp"
#include "rt/runtime/driver/make_driver.hpp"
#include "rt/runtime/scheduler/current_thread/current_thread.hpp"
#include "rt/runtime/scheduler/multi_thread/multi_thread.hpp"

namespace rt {
namespace detail {

void block_on_erased(scheduler* s, bool (*poll)(void*, context&), void* self) {
    s->block_on(main_future{poll, self});
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
void shutdown_scheduler(detail::scheduler* s, std::optional<std::chrono::nanoseconds> timeout) {
    if (!s) return;
    s->shutdown();
    if (detail::scheduler* pool = s->blocking()) static_cast<detail::blocking_pool*>(pool)->shutdown_for(timeout);
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

runtime runtime::builder::build() {
    switch (cfg_.flavor) {
        case detail::flavor::current_thread: {
            std::unique_ptr<detail::driver> drv = detail::make_driver(cfg_);
            detail::driver* d = drv.get();
            auto s = detail::scheduler_ref::adopt(new detail::current_thread_scheduler(cfg_, std::move(drv)));
            s->set_blocking(new detail::blocking_pool(cfg_, s.get(), d));
            return runtime(std::move(s));
        }
        case detail::flavor::multi_thread: {
            std::unique_ptr<detail::driver> drv = detail::make_driver(cfg_);
            detail::driver* d = drv.get();
            auto* mt = new detail::multi_thread_scheduler(cfg_, std::move(drv));
            auto s = detail::scheduler_ref::adopt(mt);
            s->set_blocking(new detail::blocking_pool(cfg_, s.get(), d));
            mt->start();
            return runtime(std::move(s));
        }
    }
    throw usage_error("rt::runtime::builder: unknown runtime flavour");
}

}  // namespace rt
