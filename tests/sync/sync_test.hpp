// tests/sync/sync_test.hpp — helpers for the sync tests: poll a future by hand with a counting
// waker (Tokio's tokio_test::task::spawn + assert_pending!/is_woken()), then destroy it to cancel.
// Include after support/rt_test.hpp.
#pragma once

namespace sync_test {

/// A waker that counts wakes (thread-safe); owns its state through a shared_ptr-like refcount.
class counting_waker {
public:
    counting_waker() : st_(new state) { w_ = rt::waker(st_, &vtable); }
    ~counting_waker() {
        w_.reset();
        unref(st_);
    }
    counting_waker(const counting_waker&) = delete;
    counting_waker& operator=(const counting_waker&) = delete;
    [[nodiscard]] int wakes() const { return st_->wakes.load(); }
    /// True when woken since the last call (Tokio: `is_woken`); resets the count.
    bool is_woken() { return st_->wakes.exchange(0) > 0; }
    [[nodiscard]] const rt::waker& waker() const { return w_; }

private:
    struct state {
        std::atomic<int> refs{2};  // one for counting_waker, one for w_
        std::atomic<int> wakes{0};
    };
    static state* s(const void* d) { return static_cast<state*>(const_cast<void*>(d)); }
    static void unref(state* st) {
        if (st->refs.fetch_sub(1) == 1) delete st;
    }
    static void clone_fn(const void* d) { s(d)->refs.fetch_add(1); }
    static void wake_fn(const void* d) {
        s(d)->wakes.fetch_add(1);
        unref(s(d));
    }
    static void wake_by_ref_fn(const void* d) { s(d)->wakes.fetch_add(1); }
    static void drop_fn(const void* d) { unref(s(d)); }
    static constexpr rt::waker_vtable vtable{&clone_fn, &wake_fn, &wake_by_ref_fn, &drop_fn};

    state* st_;
    rt::waker w_;
};

/// A future polled by hand: `mock<F> m(fut); m.poll()`; destroy it (reset()) to cancel it.
template <class F>
class mock {
public:
    explicit mock(F f) : f_(std::in_place, std::move(f)) {}
    auto poll() {
        rt::context cx(w_.waker());
        return f_->poll(cx);
    }
    bool is_woken() { return w_.is_woken(); }
    [[nodiscard]] int wakes() const { return w_.wakes(); }
    void reset() { f_.reset(); }

private:
    counting_waker w_;
    std::optional<F> f_;
};

template <class F>
mock<F> spawn_mock(F f) {
    return mock<F>(std::move(f));
}

}  // namespace sync_test
