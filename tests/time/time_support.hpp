// tests/time/time_support.hpp — helpers for the time tests: a waker that counts its wakes, hand
// polling of a future with it (Tokio's tokio_test::task::spawn + is_woken), and short durations.
// Include after support/rt_test.hpp.
#pragma once

namespace rt_time_test {

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

/// A waker target that counts wakes; reference counted so the wheel may keep clones of it.
class wake_counter {
public:
    static wake_counter* make() { return new wake_counter(); }
    rt::waker waker() {
        refs_.fetch_add(1);
        return rt::waker(this, &vtable);
    }
    int wakes() const { return wakes_.load(); }
    /// True when woken since the last call (Tokio: `is_woken`), and clears that.
    bool take_woken() { return wakes_.exchange(0) != 0; }
    void release() { drop(this); }

private:
    wake_counter() = default;
    static wake_counter* self(const void* d) { return static_cast<wake_counter*>(const_cast<void*>(d)); }
    static void clone(const void* d) { self(d)->refs_.fetch_add(1); }
    static void wake(const void* d) {
        wake_by_ref(d);
        drop(d);
    }
    static void wake_by_ref(const void* d) { self(d)->wakes_.fetch_add(1); }
    static void drop(const void* d) {
        if (self(d)->refs_.fetch_sub(1) == 1) delete self(d);
    }
    static constexpr rt::waker_vtable vtable{&clone, &wake, &wake_by_ref, &drop};
    std::atomic<int> refs_{1};
    std::atomic<int> wakes_{0};
};

/// Polls futures by hand with a counting waker, inside the runtime the test runs in.
class mock_task {
public:
    mock_task() : counter_(wake_counter::make()), waker_(counter_->waker()) {}
    ~mock_task() { counter_->release(); }
    mock_task(const mock_task&) = delete;
    mock_task& operator=(const mock_task&) = delete;

    template <class F>
    auto poll(F& fut) {
        rt::context cx(waker_);
        return fut.poll(cx);
    }
    bool is_woken() { return counter_->take_woken(); }
    int wakes() const { return counter_->wakes(); }

private:
    wake_counter* counter_;
    rt::waker waker_;
};

inline rt::runtime paused_runtime() { return rt::runtime::builder().current_thread().start_paused(true).build(); }

/// Milliseconds from `origin` to `t` (paused-time tests keep instants on whole milliseconds).
inline long long ms_since(rt::time::instant origin, rt::time::instant t) {
    return std::chrono::duration_cast<ms>(t - origin).count();
}

}  // namespace rt_time_test
