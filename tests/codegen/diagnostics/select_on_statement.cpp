// diagnostic: [[rt::select]] written on a statement instead of the if's condition.
#include <rt/runtime.hpp>
#include <rt/select.hpp>

rt::task<void> run() {
    [[rt::select]] if (true) {}
    co_return;
}
