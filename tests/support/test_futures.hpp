// tests/support/test_futures.hpp — small hand-driven futures for tests. Needs rt to be visible
// already (include it through support/rt_test.hpp).
#pragma once

namespace rt_test {

/// A future that completes when `fire()` is called from any thread; counts its polls.
class manual_signal {
public:
    struct state {
        std::mutex mu;
        bool fired = false;
        rt::waker waiter;
        std::atomic<int> polls{0};
    };

    class wait_future {
    public:
        explicit wait_future(std::shared_ptr<state> s) : s_(std::move(s)) {}
        rt::poll_result<void> poll(rt::context& cx) {
            s_->polls.fetch_add(1);
            std::lock_guard<std::mutex> lock(s_->mu);
            if (s_->fired) return rt::ready();
            s_->waiter = cx.waker();
            return rt::pending;
        }

    private:
        std::shared_ptr<state> s_;
    };

    wait_future wait() const { return wait_future(s_); }
    void fire() const {
        rt::waker w;
        {
            std::lock_guard<std::mutex> lock(s_->mu);
            s_->fired = true;
            w = std::move(s_->waiter);
        }
        std::move(w).wake();
    }
    int polls() const { return s_->polls.load(); }
    /// Wakes the waiting task without completing it (a spurious wake).
    void poke() const {
        rt::waker w;
        {
            std::lock_guard<std::mutex> lock(s_->mu);
            w = s_->waiter;
        }
        w.wake_by_ref();
    }

private:
    std::shared_ptr<state> s_ = std::make_shared<state>();
};

/// A future that never completes (and never wakes).
struct never {
    rt::poll_result<void> poll(rt::context&) { return rt::pending; }
};

/// Counts destructor runs into an external counter (moved-from objects do not count).
class drop_counter {
public:
    explicit drop_counter(std::atomic<int>& n) : n_(&n) {}
    drop_counter(drop_counter&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
    drop_counter(const drop_counter&) = delete;
    ~drop_counter() {
        if (n_) n_->fetch_add(1);
    }

private:
    std::atomic<int>* n_;
};

inline rt::runtime current_thread_runtime() { return rt::runtime::builder().current_thread().build(); }

}  // namespace rt_test
