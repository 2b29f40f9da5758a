// rt/shim/model/execution.hpp — the engine of rt's model checker (rt's own "loom", issue #15).
//
// check() runs a test body again and again. Each run (an *execution*) runs the model threads as
// fibers (ucontext) on the caller's OS thread, one at a time; every shim operation first calls
// point(), where the engine *decides* which thread runs next. A load may also decide which store
// it reads (weak memory, see atomic.hpp). All decisions of an execution form its *path*; the next
// execution replays the path up to its last decision that has an untried alternative, takes that
// alternative, and continues with first choices: a depth-first search over every interleaving and
// every allowed read, with at most `preemption_bound` switches away from a thread that could
// continue (CHESS). A failing execution (assertion, deadlock, uncaught exception, step bound) is
// re-run with tracing on and reported with its path as a replay string.
// Invariants: exactly one fiber runs at a time (no locks needed here); an execution is a pure
// function of its path (the body must not depend on anything else, or "nondeterministic" fails).
#pragma once

#include <ucontext.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define RT_MODEL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_MODEL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define RT_MODEL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RT_MODEL_TSAN 1
#endif
#endif
#ifdef RT_MODEL_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef RT_MODEL_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace rt::model {

/// How check() explores. Tokio's loom: `loom::model::Builder`.
struct options {
    /// Switches away from a thread that could go on, per execution (CHESS). 2 finds most bugs.
    int preemption_bound = 2;
    /// Let loads read older stores that happens-before and coherence allow (relaxed/acquire).
    bool weak_memory = true;
    /// Stop after this many executions (the report then says complete = false).
    std::size_t max_executions = 200'000;
    /// Operations per execution before it fails as a livelock (a spin that never ends).
    std::size_t max_steps = 20'000;
    /// Run exactly this path (a failing report's `replay`), instead of exploring. The environment
    /// variable RT_MODEL_REPLAY does the same for every check() of the process when this is empty.
    std::string replay = {};
    std::size_t stack_size = 256 * 1024;
};

/// What check() found.
struct report {
    bool failed = false;
    bool complete = true;        // every execution within the bounds was explored
    std::size_t executions = 0;  // executions run
    std::string message;         // why the failing execution failed
    std::string trace;           // its operations, one a line
    std::string replay;          // its path: options::replay or RT_MODEL_REPLAY re-runs it
    /// Everything above as text, for a test's failure message.
    [[nodiscard]] std::string str() const {
        std::string s = failed ? "model: FAILED after " : "model: passed, ";
        s += std::to_string(executions) + " executions" + (complete ? "" : " (bound reached)");
        if (failed) s += ": " + message + "\nreplay: RT_MODEL_REPLAY=" + replay + "\ntrace:\n" + trace;
        return s;
    }
};

namespace detail {

inline constexpr int max_threads = 8;

/// A vector clock: per model thread, how many of its operations happen-before this point.
struct vclock {
    std::array<std::uint32_t, max_threads> c{};
    void join(const vclock& o) noexcept {
        for (int i = 0; i < max_threads; ++i) c[i] = c[i] < o.c[i] ? o.c[i] : c[i];
    }
};

enum class run_state { runnable, blocked, finished };

struct mthread {
    int id = 0;
    run_state state = run_state::runnable;
    const void* blocked_on = nullptr;  // the object it waits for, while blocked
    const char* blocked_what = "";
    bool timed = false;      // a timed wait: may time out when nothing else can run
    bool timed_out = false;
    vclock vc;               // what happens-before this thread's next operation
    vclock fence_release;    // vc at its last release fence: relaxed stores publish this
    vclock acquire_pending;  // what its relaxed loads read: an acquire fence adds it to vc
    std::function<void()> body;
    ucontext_t ctx{};
    std::unique_ptr<char[]> stack;
    void* fake_stack = nullptr;  // ASan's bookkeeping while switched out
    void* tsan_fiber = nullptr;
};

/// One decision: the index taken out of `count` alternatives (count 0: unknown, from a replay string).
struct choice {
    std::uint16_t index;
    std::uint16_t count;
};

/// One store in an atomic's modification order.
struct store_rec {
    std::uint64_t bits;
    int tid;
    std::uint32_t stamp;  // the storing thread's clock entry: hb(store, t) iff stamp <= t.vc[tid]
    vclock sync;          // what an acquire that reads it gains (release: the storer's vc)
};

/// The model state of one atomic object during one execution.
struct location {
    int id;
    std::vector<store_rec> history;
    std::array<std::size_t, max_threads> seen{};  // per thread: newest index read or written (coherence)
};

class execution;
inline execution* g_current = nullptr;   // the running execution, or null outside check()
inline std::uint64_t g_generation = 0;   // tells a registration of this execution from older ones

class execution {
public:
    execution(const options& o, std::vector<choice>& path, bool tracing)
        : opt_(o), path_(path), tracing_(tracing) {}
    execution(const execution&) = delete;
    execution& operator=(const execution&) = delete;
    // Only executions that ended (every fiber finished) are destroyed: failed ones are kept.
    ~execution() {
        for (auto& t : threads_) stack_pool().emplace_back(opt_.stack_size, std::move(t->stack));
    }

    // ---- decisions and scheduling --------------------------------------------------------------
    /// Picks one of `n` alternatives (0 first): replays the path, else extends it.
    std::size_t decide(std::size_t n) {
        if (n <= 1) return 0;
        if (pos_ < path_.size()) {
            choice& c = path_[pos_++];
            if (c.count != 0 && c.count != n) fail("nondeterministic body: a replayed decision changed");
            if (c.count == 0) c.count = static_cast<std::uint16_t>(n);
            if (c.index >= n) fail("replay string does not fit this body");
            return c.index;
        }
        path_.push_back({0, static_cast<std::uint16_t>(n)});
        ++pos_;
        return 0;
    }
    std::size_t decisions() const noexcept { return pos_; }

    /// A scheduling point: the start of an operation of the current thread. `yielding`: the
    /// thread asks to let others run first (yield_now, spin_hint), without a preemption counted.
    void point(bool yielding = false) {
        if (++steps_ > opt_.max_steps) fail("step bound exceeded (livelock: a wait that never ends?)");
        mthread& me = *threads_[cur_];
        const bool me_enabled = me.state == run_state::runnable;
        int alts[max_threads];
        int n = 0;
        if (me_enabled && !yielding) alts[n++] = cur_;
        if (!me_enabled || yielding || preemptions_ < opt_.preemption_bound) {
            for (auto& t : threads_)
                if (t->id != cur_ && t->state == run_state::runnable) alts[n++] = t->id;
        }
        if (n == 0 && me_enabled) alts[n++] = cur_;  // yielding with nobody else to run
        if (n == 0) n = wake_timed(alts);
        if (n == 0) fail(deadlock_message());
        const int next = alts[decide(static_cast<std::size_t>(n))];
        if (me_enabled && !yielding && next != cur_) ++preemptions_;
        switch_to(next);
    }

    /// Blocks the current thread on `obj` until wake_all/wake_one(obj); returns when it runs again.
    /// Returns true when a timed wait timed out instead.
    bool block_on(const void* obj, const char* what, bool timed = false) {
        mthread& me = *threads_[cur_];
        me.state = run_state::blocked;
        me.blocked_on = obj;
        me.blocked_what = what;
        me.timed = timed;
        me.timed_out = false;
        point();
        return std::exchange(me.timed_out, false);
    }
    void wake_all(const void* obj) {
        for (auto& t : threads_)
            if (t->state == run_state::blocked && t->blocked_on == obj) make_runnable(*t);
    }
    /// Wakes one waiter of `obj` (which one is a decision); false when none waits.
    bool wake_one(const void* obj) {
        int ids[max_threads];
        int n = 0;
        for (auto& t : threads_)
            if (t->state == run_state::blocked && t->blocked_on == obj) ids[n++] = t->id;
        if (n == 0) return false;
        make_runnable(*threads_[ids[decide(static_cast<std::size_t>(n))]]);
        return true;
    }

    /// Starts a model thread (runs when the scheduler picks it); returns its id.
    int spawn(std::function<void()> body) {
        if (threads_.size() >= static_cast<std::size_t>(max_threads)) fail("more than 8 model threads");
        auto t = std::make_unique<mthread>();
        t->id = static_cast<int>(threads_.size());
        t->body = std::move(body);
        if (!threads_.empty()) {
            mthread& parent = *threads_[cur_];
            ++parent.vc.c[parent.id];
            t->vc = parent.vc;  // everything the parent did happens-before the child
        }
        ++t->vc.c[t->id];
        auto& pool = stack_pool();  // reuse the stacks of earlier executions (sanitizers make
        if (!pool.empty() && pool.back().first == opt_.stack_size) {  // fresh ones costly)
            t->stack = std::move(pool.back().second);
            pool.pop_back();
        } else {
            t->stack.reset(new char[opt_.stack_size]);
        }
        getcontext(&t->ctx);
        t->ctx.uc_stack.ss_sp = t->stack.get();
        t->ctx.uc_stack.ss_size = opt_.stack_size;
        t->ctx.uc_link = nullptr;
        makecontext(&t->ctx, &execution::fiber_entry, 0);
#ifdef RT_MODEL_TSAN
        t->tsan_fiber = __tsan_create_fiber(0);
#endif
        threads_.push_back(std::move(t));
        return threads_.back()->id;
    }
    mthread& thread(int id) { return *threads_[static_cast<std::size_t>(id)]; }
    mthread& me() { return *threads_[cur_]; }
    int current() const noexcept { return cur_; }

    /// Runs the execution from the caller's (non-model) context; returns when it ended.
    void run(std::function<void()> body) {
        g_current = this;
        generation_ = ++g_generation;
        spawn(std::move(body));
#ifdef RT_MODEL_TSAN
        main_tsan_ = __tsan_get_current_fiber();
#endif
        cur_ = 0;
        jump(nullptr, *threads_[0], false);
        g_current = nullptr;
#ifdef RT_MODEL_TSAN
        if (!failed_)
            for (auto& t : threads_) __tsan_destroy_fiber(t->tsan_fiber);
#endif
    }

    // ---- failure and tracing -------------------------------------------------------------------
    /// Ends the execution as failed (from a model thread); never returns to the caller.
    [[noreturn]] void fail(std::string message) {
        if (!failed_) {
            failed_ = true;
            message_ = "t" + std::to_string(cur_) + ": " + std::move(message);
        }
        jump_main(&me());
        std::abort();  // unreachable: nobody resumes a failed execution
    }
    bool failed() const noexcept { return failed_; }
    const std::string& message() const noexcept { return message_; }
    bool tracing() const noexcept { return tracing_; }
    void trace(std::string line, const std::source_location& loc) {
        std::string where = loc.file_name();
        where = where.substr(where.find_last_of('/') + 1) + ":" + std::to_string(loc.line());
        std::string s = "  t" + std::to_string(cur_) + "  " + std::move(line);
        if (s.size() < 56) s.resize(56, ' ');
        trace_ += s + "  " + where + "\n";
    }
    const std::string& trace_text() const noexcept { return trace_; }

    // ---- memory model state --------------------------------------------------------------------
    std::deque<location>& locations() { return locations_; }
    std::unordered_map<const void*, int>& registry() { return registry_; }
    int next_object_id() noexcept { return ++objects_; }
    int pointer_name(const void* p) { return pointers_.try_emplace(p, static_cast<int>(pointers_.size()) + 1).first->second; }
    std::uint64_t generation() const noexcept { return generation_; }
    const options& opts() const noexcept { return opt_; }
    vclock sc;  // the clock of the total order of seq_cst operations and fences (see atomic.hpp)

private:
    static std::vector<std::pair<std::size_t, std::unique_ptr<char[]>>>& stack_pool() {
        static std::vector<std::pair<std::size_t, std::unique_ptr<char[]>>> pool;
        return pool;
    }

    static void fiber_entry() {
        execution& e = *g_current;
        mthread& t = e.me();
#ifdef RT_MODEL_ASAN
        // Thread 0 starts from the caller's stack: remember its bounds for the way back.
        if (t.id == 0) __sanitizer_finish_switch_fiber(nullptr, &e.main_bottom_, &e.main_size_);
        else __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
        std::string error;
        try {
            t.body();
            t.body = nullptr;  // its captures die on this thread, while it still runs
        } catch (const std::exception& x) {
            error = std::string("uncaught exception: ") + x.what();
        } catch (...) {
            error = "uncaught exception";
        }
        if (!error.empty()) e.fail(error);  // outside the handler: the exception is gone
        e.exit_thread();
    }

    [[noreturn]] void exit_thread() {
        mthread& me = *threads_[cur_];
        me.state = run_state::finished;
        wake_all(&me);  // joiners
        int alts[max_threads];
        int n = 0;
        for (auto& t : threads_)
            if (t->state == run_state::runnable) alts[n++] = t->id;
        if (n == 0) n = wake_timed(alts);
        if (n == 0) {
            for (auto& t : threads_)
                if (t->state != run_state::finished) fail(deadlock_message());
            jump_main(&me);  // every thread finished: the execution is over
            std::abort();
        }
        const int next = alts[decide(static_cast<std::size_t>(n))];
        mthread& to = *threads_[next];
        cur_ = next;
        jump(&me, to, true);
        std::abort();
    }

    int wake_timed(int* alts) {
        int n = 0;
        for (auto& t : threads_)
            if (t->state == run_state::blocked && t->timed) alts[n++] = t->id;
        if (n == 0) return 0;
        mthread& t = *threads_[alts[decide(static_cast<std::size_t>(n))]];
        make_runnable(t);
        t.timed_out = true;
        alts[0] = t.id;
        return 1;
    }

    static void make_runnable(mthread& t) {
        t.state = run_state::runnable;
        t.blocked_on = nullptr;
    }

    std::string deadlock_message() const {
        std::string s = "deadlock: every thread is blocked or finished;";
        for (auto& t : threads_)
            if (t->state == run_state::blocked) s += " t" + std::to_string(t->id) + " waits in " + t->blocked_what + ";";
        return s;
    }

    void switch_to(int next) {
        if (next == cur_) return;
        mthread& from = *threads_[cur_];
        cur_ = next;
        jump(&from, *threads_[next], false);
    }

    // Switches fibers; `from` null: from the main context. `dying`: `from` never runs again.
    void jump(mthread* from, mthread& to, bool dying) { jump_ctx(from, &to.ctx, to.stack.get(), opt_.stack_size, to.tsan_fiber, dying); }
    void jump_main(mthread* from) { jump_ctx(from, &main_, main_bottom_, main_size_, main_tsan_, true); }
    void jump_ctx(mthread* from, ucontext_t* to, const void* bottom, std::size_t size, void* tsan, bool dying) {
        ucontext_t* save = from ? &from->ctx : &main_;
#ifdef RT_MODEL_ASAN
        void** fake = from ? (dying ? nullptr : &from->fake_stack) : &main_fake_;
        __sanitizer_start_switch_fiber(fake, bottom, size);
#else
        (void)bottom, (void)size, (void)dying;
#endif
#ifdef RT_MODEL_TSAN
        __tsan_switch_to_fiber(tsan, 0);
#else
        (void)tsan;
#endif
        swapcontext(save, to);
#ifdef RT_MODEL_ASAN
        __sanitizer_finish_switch_fiber(from ? from->fake_stack : main_fake_, nullptr, nullptr);
#endif
    }

    const options& opt_;
    std::vector<choice>& path_;
    std::size_t pos_ = 0;
    std::size_t steps_ = 0;
    int preemptions_ = 0;
    int cur_ = 0;
    std::vector<std::unique_ptr<mthread>> threads_;
    std::deque<location> locations_;
    std::unordered_map<const void*, int> registry_;  // model atomic -> its location
    std::uint64_t generation_ = 0;
    int objects_ = 0;
    std::unordered_map<const void*, int> pointers_;  // trace names of pointer values
    ucontext_t main_{};
    const void* main_bottom_ = nullptr;
    std::size_t main_size_ = 0;
    void* main_fake_ = nullptr;
    void* main_tsan_ = nullptr;
    bool tracing_;
    bool failed_ = false;
    std::string message_;
    std::string trace_;
};

/// The running execution; fails loudly when a model primitive is used outside check().
inline execution& current() {
    if (g_current == nullptr) std::abort();
    return *g_current;
}

}  // namespace detail
}  // namespace rt::model
