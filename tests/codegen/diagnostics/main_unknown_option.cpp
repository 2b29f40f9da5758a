// diagnostic: an option name [[rt::main]] does not know.
#include <rt/runtime.hpp>

[[rt::main(flavour = "current_thread")]]
rt::task<int> run() { co_return 0; }
