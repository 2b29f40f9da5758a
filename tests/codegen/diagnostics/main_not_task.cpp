// diagnostic: [[rt::main]] on a function that is not an rt::task coroutine.
#include <rt/runtime.hpp>

[[rt::main]]
int run() { return 0; }
