// The other source of a program that has two [[rt::main]]s (see check_two_mains.cmake).
#include <rt/runtime.hpp>

[[rt::main]] rt::task<int> second() { co_return 0; }
