// tests/model/task_state_model.cpp — model test of the task state word (runtime/task/state.hpp),
// issue #15 item 3: a wake racing the task's poll (before, during, after it), the completion and
// the join handle's drop. Whatever the interleaving: the task completes exactly once (no wake is
// lost), it is deallocated exactly once (references balance), and a join handle that sees the
// task complete also sees its output. The harness around the word (cell.hpp, harness.cpp) is
// played by the test: runner, waker and join handle follow the calls the harness makes.
//
// Seeded mutation 1 (mutant state_wake_while_running_lost): a wake during the poll drops its
// reference without setting NOTIFIED. Found after 313 executions (state words in decimal; mutant
// copy's line numbers):
//   t1  compare_exchange(786436 -> 786433) succeeds   state.hpp transition_to_running
//   t1  atomic#1.load(acquire) -> 0                   task_state_model.cpp:57 (poll: not woken)
//   t2  atomic#1.store(1, release)                    task_state_model.cpp:79 (future made ready)
//   t2  compare_exchange(786433 -> 524289) succeeds   transition_to_notified_by_val: ref dropped,
//                                                     NOTIFIED not set (the mutation)
//   t1  compare_exchange(524289 -> 524288) succeeds   transition_to_idle: ok, not ok_notified
//   t1  fetch_sub(acq_rel): 524288 -> 262144          the run reference
//   assertion failed: t->completes == 1               (the task is never polled again)
// Seeded mutation 2 (mutant state_relaxed_complete): COMPLETE published relaxed. After 5339
// executions the join handle sees COMPLETE but not the output written before it:
//   t2  atomic#2.store(42, relaxed)                   the output (t2 runs the task it submitted)
//   t2  fetch_xor(relaxed): 786441 -> 786506          transition_to_complete (the mutation)
//   t0  compare_exchange(...) fails, sees 786506      unset_join_interest: complete
//   t0  fetch_and(acquire): 786506 -> 786442          take_output_kind
//   t0  atomic#2.load(relaxed) -> 0 (stale: 1 newer store(s) not seen)
//   assertion failed: t->output.load(std::memory_order_relaxed) == 42
#include <gtest/gtest.h>

#include <memory>

#include "rt/runtime/task/state.hpp"
#include "rt/shim/model/model.hpp"
#include "state_relaxed_complete.hpp"
#include "state_wake_while_running_lost.hpp"

namespace {

namespace m = rt::model;

template <class State>
struct task {
    State st;
    rt::shim::atomic<int> woken{0};   // the future's readiness (set by the waker before waking)
    rt::shim::atomic<int> output{0};  // the stage: written before COMPLETE
    int completes = 0;                // plain: only the thread holding RUNNING writes it
    int deallocs = 0;

    void dealloc() { ++deallocs; }
    void ref_dec(std::uint64_t n = 1) {
        if (st.ref_dec(n)) dealloc();
    }

    // What the harness does with a queue entry (whose reference the caller owns): poll until the
    // future is pending with no wake pending, or complete.
    void run() {
        using rr = typename State::run_result;
        using ir = typename State::idle_result;
        for (;;) {
            if (st.transition_to_running() == rr::failed) return ref_dec();
            // poll: ready once woken (acquire: pairs with the waker's release)
            if (woken.load(std::memory_order_acquire) == 1) {
                output.store(42, std::memory_order_relaxed);  // published by COMPLETE (acq_rel)
                st.transition_to_complete(State::output_kind::value);
                ++completes;
                return ref_dec(2);  // the run reference and the owned list's
            }
            switch (st.transition_to_idle()) {
                case ir::ok: return ref_dec();    // the run reference
                case ir::ok_notified: continue;   // the run reference is the new queue entry's
                case ir::cancelled: RT_MODEL_ASSERT(!"no abort here"); return;
            }
        }
    }
};

template <class State>
m::report wake_complete_join_drop() {
    return m::check([] {
        auto t = std::make_shared<task<State>>();
        t->st.ref_inc();  // the waker's reference (refs: owned, queue, join handle, waker)
        m::thread runner([t] { t->run(); });
        m::thread waker([t] {
            t->woken.store(1, std::memory_order_release);
            switch (t->st.transition_to_notified_by_val()) {
                case State::notify_result::submit: t->run(); break;  // our reference is the entry's
                case State::notify_result::dealloc: t->dealloc(); break;
                case State::notify_result::do_nothing: break;
            }
        });
        // The join handle is dropped: if the task completed, it takes (drops) the output.
        if (!t->st.unset_join_interest()) {
            RT_MODEL_ASSERT(t->st.take_output_kind() == State::output_kind::value);
            RT_MODEL_ASSERT(t->output.load(std::memory_order_relaxed) == 42);
        }
        t->ref_dec();
        runner.join();
        waker.join();
        RT_MODEL_ASSERT(t->completes == 1);
        RT_MODEL_ASSERT(t->deallocs == 1);
    });
}

TEST(ModelTaskState, WakeCompleteAndJoinDropRaceSafely) {
    const auto r = wake_complete_join_drop<rt::detail::task_state>();
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
    std::printf("task_state wake/complete/join-drop: %zu executions\n", r.executions);
}
TEST(ModelTaskState, MutantWakeWhileRunningIsLost) {
    namespace mut = rt::detail::mutant_state_wake_while_running_lost;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in state.hpp";
    const auto r = wake_complete_join_drop<mut::task_state>();
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("completes == 1"), std::string::npos) << r.str();
    std::printf("mutant state_wake_while_running_lost: %s\n", r.str().c_str());
}
TEST(ModelTaskState, MutantRelaxedCompleteHidesTheOutput) {
    namespace mut = rt::detail::mutant_state_relaxed_complete;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in state.hpp";
    const auto r = wake_complete_join_drop<mut::task_state>();
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("== 42"), std::string::npos) << r.str();
    std::printf("mutant state_relaxed_complete: %s\n", r.str().c_str());
}

}  // namespace
