// [[rt::main]] whose task throws: the message goes to stderr and the exit code is 1.
#include <stdexcept>
#include <rt/runtime.hpp>

rt::task<int> fails() {
    throw std::runtime_error("boom 42");
    co_return 0;
}

[[rt::main(flavor = "current_thread")]]
rt::task<int> run() {
    co_return co_await fails();
}
