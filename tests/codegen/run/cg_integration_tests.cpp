// Select over rt's own futures (real wakers, not test doubles): timers under paused time, and an
// mpsc channel fed by a spawned task, closed at the end (recv() gives an empty optional, which
// disables that branch, so the timeout wins).
#include <gtest/gtest.h>
#include <chrono>
#include <utility>
#include <rt/runtime.hpp>
#include <rt/select.hpp>
#include <rt/sync.hpp>
#include <rt/time.hpp>

using namespace std::chrono_literals;

[[rt::test(start_paused = true)]]
rt::task<void> the_earlier_timer_wins() {
    auto start = rt::time::instant::now();
    int winner = -1;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(rt::time::sleep(1s))) winner = 1;
        if (s.on(rt::time::sleep(10ms))) winner = 0;
    }
    EXPECT_EQ(winner, 0);
    EXPECT_LT(rt::time::instant::now() - start, 1s);
}

[[rt::test(start_paused = true)]]
rt::task<void> channel_until_closed_then_timeout() {
    auto [tx, rx] = rt::sync::mpsc::unbounded_channel<int>();
    rt::spawn(
        [](rt::sync::mpsc::unbounded_sender<int> sender) -> rt::task<void> {
            for (int i = 1; i <= 3; ++i) {
                co_await rt::time::sleep(5ms);
                (void)sender.send(i);
            }
        },
        std::move(tx));
    int sum = 0, timeouts = 0;
    for (;;) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(rx.recv())) {
                sum += *v;
                continue;
            }
            if (s.on(rt::time::sleep(100ms))) {
                ++timeouts;
                break;
            }
        }
    }
    EXPECT_EQ(sum, 6);
    EXPECT_EQ(timeouts, 1);
}
