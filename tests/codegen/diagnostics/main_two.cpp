// diagnostic: two [[rt::main]] in one translation unit.
#include <rt/runtime.hpp>

[[rt::main]] rt::task<int> first() { co_return 0; }
[[rt::main]] rt::task<int> second() { co_return 0; }
