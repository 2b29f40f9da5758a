// golden: a select in a loop with a pattern, a precondition, an else, and bodies that continue,
// break and co_return.
#include <optional>
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct value_future {
    int v;
    rt::poll_result<int> poll(rt::context&) { return v; }
};

rt::task<int> loop(bool closed) {
    int sum = 0;
    for (int i = 0; i < 10; ++i) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(value_future{i}, !closed); v % 2 == 0) {
                sum += v;
                continue;
            }
            if (auto w = s.on(value_future{-1})) break;
        } else {
            co_return -1;
        }
    }
    co_return sum;
}
