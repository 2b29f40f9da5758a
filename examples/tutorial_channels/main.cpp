// examples/tutorial_channels — the program of docs/tutorial/04-channels.md: one task owns the
// state, others talk to it through an mpsc channel and get answers on oneshot channels.
// Ends on its own (the manager stops when every sender is gone), exits 0.
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

namespace mpsc = rt::sync::mpsc;
namespace oneshot = rt::sync::oneshot;

// What a client asks the manager. `reply` is where the answer goes (the previous value of key).
struct command {
    std::string key;
    int value;
    oneshot::sender<std::optional<int>> reply;
};

// Owns the map: no lock needed, only this task touches it. Ends when the channel is closed and
// drained, i.e. when every sender has been destroyed.
rt::task<int> manager(mpsc::receiver<command> rx) {
    std::map<std::string, int> values;
    int handled = 0;
    while (auto cmd = co_await rx.recv()) {
        std::optional<int> previous;
        if (auto it = values.find(cmd->key); it != values.end()) previous = it->second;
        values[cmd->key] = cmd->value;
        (void)std::move(cmd->reply).send(previous);  // the client may be gone: ignore the error
        ++handled;
    }
    co_return handled;
}

// Sets key to value through the manager and returns the previous value.
rt::task<std::optional<int>> set(mpsc::sender<command> tx, std::string key, int value) {
    auto [reply_tx, reply_rx] = oneshot::channel<std::optional<int>>();
    // Named before co_await (g++-12 destroys some co_await temporaries twice, see the pitfalls).
    auto sending = tx.send(command{std::move(key), value, std::move(reply_tx)});
    if (!co_await sending) throw std::runtime_error("manager is gone");
    auto answer = co_await reply_rx;  // empty if the manager dropped the reply sender
    co_return answer ? *answer : std::nullopt;
}

[[rt::main(flavor = "current_thread")]]
rt::task<int> channels_main() {
    auto [tx, rx] = mpsc::channel<command>(32);  // bounded: senders wait when 32 are queued
    auto mgr = rt::spawn(manager, std::move(rx));

    auto first = rt::spawn(set, tx, std::string("answer"), 41);  // each client gets a clone of tx
    auto p1 = co_await first;
    auto second = rt::spawn(set, tx, std::string("answer"), 42);
    auto p2 = co_await second;
    std::printf("first set: previous %s\n", p1 ? std::to_string(*p1).c_str() : "none");
    std::printf("second set: previous %s\n", p2 ? std::to_string(*p2).c_str() : "none");

    { auto last = std::move(tx); }  // drop the last sender: the manager's recv() returns empty
    const int handled = co_await mgr;
    std::printf("manager handled %d commands and stopped\n", handled);
    co_return !p1 && p2 == 41 && handled == 2 ? 0 : 1;
}
