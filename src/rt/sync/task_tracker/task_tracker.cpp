// rt/sync/task_tracker/task_tracker.cpp — see task_tracker.hpp.
#include "rt/sync/task_tracker/task_tracker.hpp"

namespace rt::sync {

task_tracker_token::~task_tracker_token() {
    if (!s_) return;
    bool fire;
    {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        fire = --s_->tasks == 0 && s_->closed;
    }
    if (fire) s_->done.notify_waiters();
}

task_tracker_token task_tracker::token() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    ++s_->tasks;
    return task_tracker_token(s_);
}

void task_tracker::close() const {
    bool fire;
    {
        shim::lock_guard<shim::mutex> lock(s_->mu);
        s_->closed = true;
        fire = s_->tasks == 0;
    }
    if (fire) s_->done.notify_waiters();
}

bool task_tracker::reopen() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    return std::exchange(s_->closed, false);
}

bool task_tracker::is_closed() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    return s_->closed;
}

std::size_t task_tracker::len() const {
    shim::lock_guard<shim::mutex> lock(s_->mu);
    return s_->tasks;
}

poll_result<void> task_tracker::wait_future::poll(context& cx) {
    for (;;) {
        if (!wait_) wait_.emplace(s_->done.notified());  // before the check: no lost wake
        {
            shim::lock_guard<shim::mutex> lock(s_->mu);
            if (s_->closed && s_->tasks == 0) return ready();
        }
        if (wait_->poll(cx).is_pending()) return pending;
        wait_.reset();
    }
}

}  // namespace rt::sync
