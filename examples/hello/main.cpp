// examples/hello — the first rt program: spawn tasks, join them, print what they computed.
// `./build.sh demo` runs it. (Later replaced as the demo by the mini-redis tour.)
#include <cstdio>
#include <vector>

#ifdef RT_USE_MODULES
import rt.runtime;
#else
#include <rt/runtime.hpp>
#endif

// A task that "works" for a few scheduling rounds, then returns its result.
rt::task<long> sum_of_squares(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; ++i) {
        sum += static_cast<long>(i) * i;
        if (i % 100 == 0) co_await rt::yield_now();  // let the other tasks interleave
    }
    co_return sum;
}

rt::task<int> run() {
    std::vector<rt::join_handle<long>> parts;
    for (int k = 0; k < 10; ++k) parts.push_back(rt::spawn(sum_of_squares, k * 1000, (k + 1) * 1000));
    long total = 0;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const long part = co_await parts[k];
        std::printf("task %llu: squares of [%zu000, %zu000) sum to %ld\n",
                    static_cast<unsigned long long>(parts[k].id()), k, k + 1, part);
        total += part;
    }
    std::printf("total: %ld (expected %ld)\n", total, 9999L * 10000L * 19999L / 6L);
    co_return total == 9999L * 10000L * 19999L / 6L ? 0 : 1;
}

// rt-codegen writes `int main` for this: it builds a current-thread runtime and block_on's the task;
// the task's value is the exit code.
[[rt::main(flavor = "current_thread")]]
rt::task<int> hello_main() { co_return co_await run(); }
