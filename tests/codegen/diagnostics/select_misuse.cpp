// diagnostic: unknown select option, two futures in a branch, a branch with its own else,
// the selector used in a body, [[rt::select]] on a plain variable.
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct one {
    rt::poll_result<int> poll(rt::context&) { return 1; }
};

rt::task<void> run() {
    if ([[rt::select(fair)]] rt::selector s{}) {
        if (auto v = s.on(one{})) co_return;
    }
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(one{}) && s.on(one{})) co_return;
        if (s.on(one{})) co_return; else co_return;
        if (auto v = s.on(one{})) { (void)s; }
    }
    [[rt::select]] int plain = 0;
    co_return;
}
