// examples/tutorial_select — the program of docs/tutorial/07-select.md: rt::select, [[rt::select]]
// in a loop, timeout, and what "the loser is destroyed" means for cancel safety. The clock is
// paused (start_paused), so the sleeps below take no real time. Ends on its own, exits 0.
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

using namespace std::chrono_literals;
namespace mpsc = rt::sync::mpsc;

// Sends 1..n, one every `gap`, then drops the sender (closing the channel).
rt::task<void> producer(mpsc::sender<int> tx, int n, std::chrono::milliseconds gap) {
    for (int i = 1; i <= n; ++i) {
        co_await rt::time::sleep(gap);
        auto sending = tx.send(i);
        (void)co_await sending;
    }
}

// A future whose destruction is visible: it never completes, and says when it is cancelled.
struct never_done {
    bool polled = false;
    rt::poll_result<int> poll(rt::context&) {
        polled = true;  // never stores the waker: it will never be woken, which is fine for a loser
        return rt::pending;
    }
    never_done() = default;
    never_done(never_done&&) = default;
    ~never_done() {
        if (polled) std::printf("never_done: destroyed by the select (cancelled)\n");
    }
};

[[rt::main(flavor = "current_thread", start_paused = true)]]
rt::task<int> select_main() {
    // 1. The library form: a std::variant whose index says which future won.
    auto [tx1, rx1] = mpsc::channel<int>(4);
    auto p1 = rt::spawn(producer, std::move(tx1), 1, 10ms);
    std::size_t won = 0;
    {
        auto race = rt::select(rx1.recv(), rt::time::sleep(1s), never_done{});
        auto winner = co_await race;
        won = winner.index();
        std::printf("rt::select: branch %zu won (the channel)\n", won);
    }  // `race` is destroyed here, and the losing futures inside it with it
    co_await p1;

    // 2. [[rt::select]] in a loop: every message arrives although each turn creates a new recv()
    //    and the timer branch keeps winning in between. recv() is cancel safe: a destroyed recv()
    //    has taken nothing from the channel.
    auto [tx2, rx2] = mpsc::channel<int>(4);
    auto p2 = rt::spawn(producer, std::move(tx2), 3, 25ms);
    int sum = 0;
    int ticks = 0;
    for (;;) {
        if ([[rt::select]] rt::selector s{}) {
            if (auto v = s.on(rx2.recv()); true) {  // condition `true`: run for a value and for "closed"
                if (!v) break;                      // closed and drained: leave the loop
                sum += *v;
            }
            if (s.on(rt::time::sleep(10ms))) ++ticks;  // a void future: the branch always matches
        }
    }
    co_await p2;
    std::printf("[[rt::select]]: received sum %d, timer won %s\n", sum, ticks > 0 ? "in between" : "never");

    // 3. timeout: the same race as a value. Nobody sends on this channel, so it elapses; the
    //    recv() inside is destroyed, and the channel is as it was.
    auto [tx3, rx3] = mpsc::channel<int>(1);
    auto waiting = rt::time::timeout(50ms, rx3.recv());
    auto r = co_await waiting;
    std::printf("timeout: %s\n", r.is_elapsed() ? "elapsed" : "got a value");
    (void)tx3.try_send(7);  // the channel still works after the cancelled recv()
    auto again = co_await rx3.recv();
    std::printf("after the timeout the channel still delivers: %d\n", again ? *again : -1);

    co_return won == 0 && sum == 6 && r.is_elapsed() && again == 7 ? 0 : 1;
}
