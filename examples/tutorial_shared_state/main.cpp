// examples/tutorial_shared_state — the program of docs/tutorial/03-shared-state.md: state shared by
// tasks on a multi-thread runtime, with std::mutex (never held across co_await) and rt::sync::mutex
// (held across co_await). Ends on its own, exits 0.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

using namespace std::chrono_literals;

// A key-value store shared by many tasks. The lock is held only between two awaits, never across
// one, so a plain std::mutex is right (and cheaper than an async mutex).
class store {
public:
    void add(const std::string& key, int delta) {
        std::lock_guard lock(m_);  // short, no co_await inside: std::mutex is fine
        values_[key] += delta;
    }
    int get(const std::string& key) {
        std::lock_guard lock(m_);
        return values_[key];
    }

private:
    std::mutex m_;
    std::map<std::string, int> values_;
};

rt::task<void> writer(std::shared_ptr<store> db, std::string key, int times) {
    for (int i = 0; i < times; ++i) {
        db->add(key, 1);
        if (i % 100 == 0) co_await rt::yield_now();  // the lock is not held here
    }
}

// A log whose lock must stay held while we await (here: a simulated slow write). Holding a
// std::mutex across co_await is wrong (the task may resume on another thread, and every other task
// of that worker is blocked), so this one is rt::sync::mutex: waiting for it suspends the task.
using shared_log = std::shared_ptr<rt::sync::mutex<std::vector<std::string>>>;

rt::task<void> append_slowly(shared_log log, std::string line) {
    auto guard = co_await log->lock();
    co_await rt::time::sleep(1ms);  // still holding the lock: no other append interleaves
    guard->push_back(std::move(line));
}

[[rt::main(flavor = "multi_thread", worker_threads = 2)]]
rt::task<int> shared_state_main() {
    auto db = std::make_shared<store>();
    std::vector<rt::join_handle<void>> tasks;
    for (int t = 0; t < 4; ++t) tasks.push_back(rt::spawn(writer, db, std::string("hits"), 1000));
    for (auto& t : tasks) co_await t;
    std::printf("hits: %d (4 tasks x 1000)\n", db->get("hits"));

    auto log = std::make_shared<rt::sync::mutex<std::vector<std::string>>>();
    std::vector<rt::join_handle<void>> appends;
    for (int i = 0; i < 3; ++i) appends.push_back(rt::spawn(append_slowly, log, "line " + std::to_string(i)));
    for (auto& t : appends) co_await t;
    auto lines = co_await log->lock();
    std::printf("log has %zu lines\n", lines->size());

    co_return db->get("hits") == 4000 && lines->size() == 3 ? 0 : 1;
}
