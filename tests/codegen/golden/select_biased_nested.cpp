// golden: biased select, a future polled by reference (lvalue), a void future, no else, and a
// select nested in a branch body.
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct done_future {
    rt::poll_result<void> poll(rt::context&) { return rt::ready(); }
};
struct int_future {
    rt::poll_result<int> poll(rt::context&) { return 1; }
};

rt::task<void> run() {
    int_future kept;
    if ([[rt::select(biased)]] rt::selector s{}) {
        if (s.on(kept)) {
            if ([[rt::select]] rt::selector inner{}) {
                if (auto n = inner.on(int_future{}); n > 0) co_return;
            }
        }
        if (s.on(done_future{})) co_return;
    }
}

rt::task<void> only_else() {
    if ([[rt::select]] rt::selector s{}) {
    } else {
        co_return;
    }
}
