// diagnostic: a select branch with no future, and a statement that is not a branch.
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct one {
    rt::poll_result<int> poll(rt::context&) { return 1; }
};

rt::task<void> run(bool flag) {
    if ([[rt::select]] rt::selector s{}) {
        if (flag) co_return;
        int x = 0;
        if (auto v = s.on(one{})) co_return;
    }
}
