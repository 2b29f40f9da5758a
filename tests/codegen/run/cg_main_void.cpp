// [[rt::main]] on rt::task<void>(): exit code 0; awaits a child task on the way.
#include <cstdio>
#include <rt/runtime.hpp>

rt::task<const char*> greeting() { co_return "hello from rt::main"; }

[[rt::main(flavor = "current_thread", rng_seed = 1)]]
rt::task<void> run() {
    std::puts(co_await greeting());
}
