// diagnostic: wrong parameters, a member function, a test that returns a value.
#include <rt/runtime.hpp>

[[rt::main]] rt::task<int> run(int argc) { co_return argc; }

struct server {
    [[rt::test]] rt::task<void> member() { co_return; }
};

[[rt::test]] rt::task<int> value() { co_return 1; }
