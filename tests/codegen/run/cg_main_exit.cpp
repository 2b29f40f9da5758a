// [[rt::main]] on rt::task<int>(int, char**): the task's value is the exit code (41 + argc).
#include <rt/runtime.hpp>

[[rt::main(flavor = "current_thread")]]
rt::task<int> run(int argc, char** argv) {
    (void)argv;
    co_return 41 + argc;
}
