// examples/tutorial_spawning — the program of docs/tutorial/02-spawning.md: spawn with arguments,
// join handles, lambdas through spawn, abort (cancellation), join_set. Ends on its own, exits 0.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

using namespace std::chrono_literals;

// Parameters by value: spawn moves the arguments into the task, the frame owns its copies.
rt::task<std::size_t> count_words(std::string text) {
    co_await rt::yield_now();  // let other tasks run, as a real computation on a socket would
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        if (c != ' ' && !in_word) ++words;
        in_word = c != ' ';
    }
    co_return words;
}

// Prints when it is destroyed: shows that aborting a task runs the destructors of its locals.
struct announce_drop {
    ~announce_drop() { std::printf("sleeper: locals destroyed (task cancelled)\n"); }
};

rt::task<void> sleeper() {
    announce_drop guard;
    co_await rt::time::sleep(1h);  // never completes: the task is aborted first
    std::printf("sleeper: woke up (never printed)\n");
}

rt::task<int> fails() {
    co_await rt::yield_now();
    throw std::runtime_error("something went wrong");
}

[[rt::main(flavor = "multi_thread", worker_threads = 2)]]
rt::task<int> spawning_main() {
    // 1. spawn(f, args...): f and the arguments are stored in the task until it finishes.
    auto a = rt::spawn(count_words, std::string("the quick brown fox"));
    auto b = rt::spawn(count_words, std::string("jumps over the lazy dog"));
    const std::size_t total = co_await a + co_await b;
    std::printf("words: %zu\n", total);

    // 2. A capturing lambda passed to spawn is kept alive by the task: its captures stay valid.
    std::string greeting = "hi from a lambda";
    auto c = rt::spawn([greeting]() -> rt::task<std::size_t> { co_return greeting.size(); });
    std::printf("lambda task returned %zu\n", co_await c);

    // 3. An exception leaves the task through its join handle.
    auto d = rt::spawn(fails);
    try {
        (void)co_await d;
    } catch (const std::runtime_error& e) {
        std::printf("task failed: %s\n", e.what());
    }

    // 4. abort() cancels: the task's frames are destroyed at its next scheduling point.
    auto e = rt::spawn(sleeper);
    co_await rt::time::sleep(10ms);  // let it start and suspend in its sleep
    e.abort();
    try {
        co_await e;
    } catch (const rt::cancelled_error&) {
        std::printf("sleeper: join handle reports cancelled\n");
    }

    // 5. join_set: many tasks, results in completion order.
    rt::join_set<std::size_t> set;
    for (int i = 1; i <= 4; ++i) set.spawn(count_words, std::string(static_cast<std::size_t>(i), 'x'));
    std::size_t joined = 0;
    while (auto r = co_await set.join_next()) joined += *r;
    std::printf("join_set: %zu results summed to %zu\n", std::size_t{4}, joined);

    co_return total == 9 && joined == 4 ? 0 : 1;
}
