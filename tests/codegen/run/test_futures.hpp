// test_futures.hpp — small leaf futures for the select tests: always ready, ready after some
// polls, never ready; each can count its polls and destructions.
#pragma once

#include <rt/core.hpp>

namespace cgtest {

struct counters {
    int polls = 0;
    int destroyed = 0;
};

/// Ready with `value` after `pending_polls` pending polls (each wakes the task at once).
struct value_after {
    int value = 0;
    int pending_polls = 0;
    counters* c = nullptr;

    value_after(int v, int n = 0, counters* cs = nullptr) : value(v), pending_polls(n), c(cs) {}
    value_after(const value_after&) = delete;
    value_after& operator=(const value_after&) = delete;
    ~value_after() {
        if (c) ++c->destroyed;
    }
    rt::poll_result<int> poll(rt::context& cx) {
        if (c) ++c->polls;
        if (pending_polls > 0) {
            --pending_polls;
            cx.waker().wake_by_ref();
            return rt::pending;
        }
        return value;
    }
};

/// Never ready (and never wakes): only usable next to a branch that completes.
struct never {
    counters* c = nullptr;
    explicit never(counters* cs = nullptr) : c(cs) {}
    never(const never&) = delete;
    ~never() {
        if (c) ++c->destroyed;
    }
    rt::poll_result<int> poll(rt::context&) {
        if (c) ++c->polls;
        return rt::pending;
    }
};

/// A future with no value.
struct done {
    rt::poll_result<void> poll(rt::context&) { return rt::ready(); }
};

}  // namespace cgtest
