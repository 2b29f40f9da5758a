// examples/tutorial_hello — the program of docs/tutorial/01-setup-and-hello.md: a task that awaits a
// timer and returns a value, and the laziness of rt::task. Ends on its own, prints, exits 0.
#include <chrono>
#include <cstdio>
#include <string>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

// A coroutine: it returns rt::task<std::string> and uses co_await / co_return.
// `name` is taken by value, so the string lives in the coroutine frame (see the pitfalls).
rt::task<std::string> greet(std::string name) {
    co_await rt::time::sleep(std::chrono::milliseconds(10));  // a leaf future: the task suspends here
    co_return "hello, " + name;
}

// rt-codegen turns this into `int main()`: it builds a current-thread runtime, block_on's the task
// and returns its value as the exit code.
[[rt::main(flavor = "current_thread")]]
rt::task<int> hello_main() {
    auto first = greet("world");  // creating a task runs nothing: rt::task is lazy
    std::printf("task created, nothing printed by it yet\n");
    const std::string text = co_await first;  // now it runs, sleeps 10 ms, and returns
    std::printf("%s\n", text.c_str());
    co_return text == "hello, world" ? 0 : 1;
}
