// rt/sync/detail/blocking.cpp — see blocking.hpp.
#include "rt/sync/detail/blocking.hpp"

#include <string>

#include "rt/core/error.hpp"
#include "rt/core/thread_state.hpp"
#include "rt/shim/sync.hpp"

namespace rt::sync::detail {

struct thread_parker::state {
    // relaxed increments (a new reference comes from an existing one); acq_rel decrement so the
    // deleting thread sees every other holder's writes.
    shim::atomic<int> refs{1};
    shim::mutex mu;
    shim::condition_variable cv;
    bool notified = false;

    void unref() noexcept {
        if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }
    void notify() {
        {
            shim::lock_guard<shim::mutex> lock(mu);
            notified = true;
        }
        cv.notify_one();
    }
};

namespace {
using state_t = thread_parker::state;
state_t* st(const void* d) { return static_cast<state_t*>(const_cast<void*>(d)); }
void clone_fn(const void* d) { st(d)->refs.fetch_add(1, std::memory_order_relaxed); }
void wake_by_ref_fn(const void* d) { st(d)->notify(); }
void wake_fn(const void* d) {
    st(d)->notify();
    st(d)->unref();
}
void drop_fn(const void* d) { st(d)->unref(); }
constexpr waker_vtable parker_vtable{&clone_fn, &wake_fn, &wake_by_ref_fn, &drop_fn};
}  // namespace

thread_parker::thread_parker() : st_(new state) {
    st_->refs.fetch_add(1, std::memory_order_relaxed);  // one for waker_
    waker_ = rt::waker(st_, &parker_vtable);
}

thread_parker::~thread_parker() {
    waker_.reset();
    st_->unref();
}

void thread_parker::park() {
    shim::unique_lock<shim::mutex> lock(st_->mu);
    st_->cv.wait(lock, [this] { return st_->notified; });
    st_->notified = false;
}

void ensure_blocking_allowed(const char* what) {
    if (rt::detail::tls().scheduler != nullptr) {
        throw usage_error(std::string(what) +
                          " blocks the thread and cannot be called from inside an rt runtime; use the async "
                          "version (co_await) there");
    }
}

}  // namespace rt::sync::detail
