// examples/tutorial_streams — the program of docs/tutorial/08-streams.md: an async generator
// (rt::stream<T>), a loop with rt::next, range-v3-style adaptors, consumers, and a channel seen as
// a stream. Ends on its own, exits 0.
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

using namespace std::chrono_literals;

// A generator: co_yield items, co_await anything in between. Nothing runs until the first next().
rt::stream<int> ticks(int count) {
    for (int i = 1; i <= count; ++i) {
        co_await rt::time::sleep(1ms);  // a real stream would wait on a socket or a channel
        co_yield i;
    }
}

// Fibonacci numbers, forever: only `take` (or the consumer) decides how many are computed.
rt::stream<long> fibonacci() {
    long a = 0;
    long b = 1;
    for (;;) {
        co_yield a;
        b = std::exchange(a, b) + b;
    }
}

[[rt::main(flavor = "current_thread")]]
rt::task<int> streams_main() {
    // 1. The basic loop: `while let Some(v) = s.next().await` in Tokio.
    auto s = ticks(3);
    int sum = 0;
    while (auto v = co_await rt::next(s)) sum += *v;
    std::printf("ticks summed to %d\n", sum);

    // 2. Adaptors compose with | and move the stream in; take() stops pulling after n items.
    auto evens = fibonacci()
                 | rt::views::filter([](long v) { return v % 2 == 0; })
                 | rt::views::transform([](long v) { return std::to_string(v); })
                 | rt::views::take(5);
    auto collecting = rt::collect(std::move(evens));
    const std::vector<std::string> first_even = co_await collecting;
    std::printf("even Fibonacci numbers:");
    for (const auto& v : first_even) std::printf(" %s", v.c_str());
    std::printf("\n");

    // 3. Any range is a source; fold consumes a stream into one value.
    auto squares = rt::stream_iter(std::vector<int>{1, 2, 3, 4}) | rt::views::transform([](int v) { return v * v; });
    auto folding = rt::fold(std::move(squares), 0, [](int acc, int v) { return acc + v; });
    const int sum_of_squares = co_await folding;
    std::printf("sum of squares: %d\n", sum_of_squares);

    // 4. A channel as a stream: stream_from_fn calls the function for a future per item.
    auto [tx, rx] = rt::sync::mpsc::channel<int>(8);
    for (int i = 10; i < 13; ++i) (void)tx.try_send(i);
    { auto closing = std::move(tx); }  // no more senders: the stream ends after the queued items
    auto received = rt::stream_from_fn([&rx] { return rx.recv(); });  // borrows rx: rx outlives it
    auto counting = rt::count(std::move(received));
    const auto n = co_await counting;
    std::printf("the channel stream gave %zu items\n", static_cast<std::size_t>(n));

    co_return sum == 6 && first_even.size() == 5 && first_even[4] == "144" && sum_of_squares == 30 && n == 3 ? 0 : 1;
}
