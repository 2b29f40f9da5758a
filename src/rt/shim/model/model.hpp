// rt/shim/model/model.hpp — rt's model checker: the header to pass as RT_SHIM_HEADER, and the
// check() entry point (issue #15; Tokio's equivalent is the `loom` crate).
//
// Built with -DRT_SHIM_HEADER='"rt/shim/model/model.hpp"', rt's protocol headers see rt::shim
// names that are rt::model's: every atomic operation, fence, lock, wait, yield and thread start is
// a scheduling point of the model execution (execution.hpp), and loads see the weak-memory
// outcomes atomic.hpp describes. A test then runs:
//
//     auto r = rt::model::check([] {
//         shared s;
//         rt::model::thread t([&] { s.produce(); });
//         s.consume();
//         t.join();
//     }, {.preemption_bound = 2});
//     EXPECT_FALSE(r.failed) << r.str();
//
// Invariant: a binary built with this header must not link rt's library (compiled with the real
// shim): inline protocol code would then exist in two versions under one name (an ODR violation
// the linker resolves silently). tests/model builds its few rt sources itself.
#pragma once

#include <cstdlib>
#include <cstring>
#include <functional>
#include <source_location>
#include <string>
#include <vector>

#include "rt/shim/model/atomic.hpp"
#include "rt/shim/model/blocking.hpp"
#include "rt/shim/model/execution.hpp"

namespace rt::model {
namespace detail {

// Failed executions, kept on purpose: their fibers stopped mid-run hold pointers to live objects.
// Never destroyed: leak checkers run after static destructors and must still find them.
inline std::vector<execution*>& graveyard() {
    static auto* g = new std::vector<execution*>;
    return *g;
}

inline constexpr char replay_digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

inline std::string encode(const std::vector<choice>& path, std::size_t n) {
    std::string s = "m1:";
    for (std::size_t i = 0; i < n; ++i) s += path[i].index < 62 ? replay_digits[path[i].index] : '?';
    return s;
}
inline bool decode(const std::string& s, std::vector<choice>& out) {
    if (s.rfind("m1:", 0) != 0) return false;
    for (std::size_t i = 3; i < s.size(); ++i) {
        const std::string digits = replay_digits;
        const auto k = digits.find(s[i]);
        if (k == std::string::npos) return false;
        out.push_back({static_cast<std::uint16_t>(k), 0});
    }
    return true;
}

// Keeps the first 40 and the last 120 lines of a long trace (a spin can make thousands).
inline std::string abridge(const std::string& t) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i + 1 < t.size(); ++i)
        if (t[i] == '\n') starts.push_back(i + 1);
    if (starts.size() <= 200) return t;
    const std::size_t cut_from = starts[40], cut_to = starts[starts.size() - 120];
    return t.substr(0, cut_from) + "  ... " + std::to_string(starts.size() - 160) + " lines left out ...\n" +
           t.substr(cut_to);
}

// The failing execution again, with tracing: the same path gives the same execution.
inline void fill_failure(report& r, const std::function<void()>& body, const options& opt, std::vector<choice> path,
                         std::size_t used) {
    path.resize(used);
    for (auto& c : path) c.count = 0;
    auto* e = new execution(opt, path, /*tracing=*/true);  // a failed execution's fibers are
    e->run(body);                                          // abandoned: keep it (see check())
    graveyard().push_back(e);
    r.failed = true;
    r.message = e->message();
    r.trace = abridge(e->trace_text());
    r.replay = encode(path, used);
}

}  // namespace detail

/// Runs `body` under every schedule (and allowed weak-memory read) within the bounds, as model
/// thread t0; stops at the first failing execution. Tokio's loom: `loom::model`.
/// A failing execution's threads are abandoned mid-run (never unwound): its memory is kept, so
/// leak checkers stay quiet and nothing half-destroyed runs.
inline report check(const std::function<void()>& body, options opt = {}) {
    report r;
    if (opt.replay.empty())
        if (const char* env = std::getenv("RT_MODEL_REPLAY")) opt.replay = env;
    std::vector<detail::choice> path;
    if (!opt.replay.empty()) {
        if (!detail::decode(opt.replay, path)) {
            r.failed = true;
            r.message = "bad replay string: " + opt.replay;
            return r;
        }
        r.executions = 1;
        detail::fill_failure(r, body, opt, path, path.size());
        if (r.message.empty()) r.failed = false;  // the replayed execution passed
        return r;
    }
    for (;;) {
        auto* e = new detail::execution(opt, path, /*tracing=*/false);
        e->run(body);
        ++r.executions;
        if (e->failed()) {
            const std::size_t used = e->decisions();
            detail::graveyard().push_back(e);  // abandoned on purpose (see above)
            detail::fill_failure(r, body, opt, path, used);
            return r;
        }
        const std::size_t used = e->decisions();
        delete e;
        // Depth-first: advance the deepest decision that has an alternative left.
        path.resize(used);
        while (!path.empty() && path.back().index + 1u >= path.back().count) path.pop_back();
        if (path.empty()) return r;
        ++path.back().index;
        if (r.executions >= opt.max_executions) {
            r.complete = false;
            return r;
        }
    }
}

/// Fails the running execution (with its trace) unless `ok`. Use RT_MODEL_ASSERT(cond).
inline void assert_that(bool ok, const char* what, std::source_location loc = std::source_location::current()) {
    if (ok) return;
    detail::execution& e = detail::current();
    // No named std::string here: this frame is abandoned by fail(), its locals never destroyed.
    const char* file = std::strrchr(loc.file_name(), '/');
    e.fail(std::string("assertion failed: ") + what + " at " + (file ? file + 1 : loc.file_name()) + ":" +
           std::to_string(loc.line()));
}

}  // namespace rt::model

#define RT_MODEL_ASSERT(cond) ::rt::model::assert_that(static_cast<bool>(cond), #cond)

// ---- the shim names (see rt/shim/sync.hpp for the list) ------------------------------------------
namespace rt::shim {
template <class T>
using atomic = rt::model::atomic<T>;
using mutex = rt::model::mutex;
using condition_variable = rt::model::condition_variable;
using thread = rt::model::thread;
template <class M>
using unique_lock = rt::model::unique_lock<M>;
template <class M>
using lock_guard = rt::model::lock_guard<M>;
using spin_lock = rt::model::spin_lock;
using thread_id = rt::model::thread_id;
using native_thread = rt::model::native_thread;
using rt::model::fence;
using rt::model::futex_wait;
using rt::model::futex_wake_one;
using rt::model::spin_hint;
using rt::model::this_thread_id;
using rt::model::yield_now;
}  // namespace rt::shim
