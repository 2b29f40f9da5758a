// tests/model/task_state_model.cpp — model test of the task state word (runtime/task/state.hpp),
// issue #15 item 3: a wake racing the task's poll (before, during, after it), the completion and
// the join handle's drop. Whatever the interleaving: the task completes exactly once (no wake is
// lost), it is deallocated exactly once (references balance), and a join handle that sees the
// task complete also sees its output. The harness around the word (cell.hpp, harness.cpp) is
// played by the test: runner, waker and join handle follow the calls the harness makes.
//
// Seeded mutation 1 (mutant state_wake_while_running_lost): a wake during the poll drops its
// reference without setting NOTIFIED. Found after 163 executions (state words in decimal; mutant
// copy's line numbers; recorded before transition_to_idle folded the run reference's drop into its
// CAS, so today the last two steps are one compare_exchange):
//   t1  compare_exchange(786436 -> 786433) succeeds   state.hpp transition_to_running
//   t1  atomic#1.load(acquire) -> 0                   task_state_model.cpp:57 (poll: not woken)
//   t2  atomic#1.store(1, release)                    task_state_model.cpp:79 (future made ready)
//   t2  compare_exchange(786433 -> 524289) succeeds   transition_to_notified_by_val: ref dropped,
//                                                     NOTIFIED not set (the mutation)
//   t1  compare_exchange(524289 -> 524288) succeeds   transition_to_idle: ok, not ok_notified
//   t1  fetch_sub(acq_rel): 524288 -> 262144          the run reference
//   assertion failed: t->completes == 1               (the task is never polled again)
// Seeded mutation 2 (mutant state_relaxed_complete): COMPLETE published relaxed. After 4392
// executions the join handle sees COMPLETE but not the output written before it:
//   t2  atomic#2.store(42, relaxed)                   the output (t2 runs the task it submitted)
//   t2  fetch_xor(relaxed): 786441 -> 786506          transition_to_complete (the mutation)
//   t0  compare_exchange(...) fails, sees 786506      unset_join_interest: complete
//   t0  fetch_and(acquire): 786506 -> 786442          take_output_kind
//   t0  atomic#2.load(relaxed) -> 0 (stale: 1 newer store(s) not seen)
//   assertion failed: t->output.load(std::memory_order_relaxed) == 42
// Seeded mutation 3 (mutant state_abort_no_ref): abort() of an idle task submits it without adding
// the queue entry's reference. Found in the first execution (refs in the bits from 1 << 18):
//   t1  fetch_sub(acq_rel): 786432 -> 524288            the runner parks the task: 2 refs left
//   t2  compare_exchange(524288 -> 524324) succeeds     abort: CANCELLED|NOTIFIED, no ref added
//   t2  fetch_xor(acq_rel): 524321 -> 524514            t2 runs and cancels it: COMPLETE
//   t2  fetch_sub(acq_rel): 524514 -> 226               ref_dec(2) frees it: 0 refs...
//   assertion failed: !freed                            ...but the abort handle still holds one
#include <gtest/gtest.h>

#include <memory>

#include "rt/runtime/task/state.hpp"
#include "rt/shim/model/model.hpp"
#include "state_abort_no_ref.hpp"
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
    bool freed = false;               // set by dealloc: any later use is a use after free

    void dealloc() {
        ++deallocs;
        freed = true;
    }
    void ref_dec(std::uint64_t n = 1) {
        RT_MODEL_ASSERT(!freed);
        if (st.ref_dec(n)) dealloc();
    }
    void complete(typename State::output_kind k) {
        if (k == State::output_kind::value) output.store(42, std::memory_order_relaxed);
        st.transition_to_complete(k);  // publishes the output (acq_rel)
        ++completes;
        ref_dec(2);  // the run reference and the owned list's
    }

    // What the harness does with a queue entry (whose reference the caller owns): poll until the
    // future is pending with no wake pending, or complete.
    void run() {
        using rr = typename State::run_result;
        using ir = typename State::idle_result;
        for (;;) {
            RT_MODEL_ASSERT(!freed);
            const rr started = st.transition_to_running();
            if (started == rr::failed) return ref_dec();
            if (started == rr::cancelled) return complete(State::output_kind::cancelled);
            // poll: ready once woken (acquire: pairs with the waker's release)
            if (woken.load(std::memory_order_acquire) == 1) return complete(State::output_kind::value);
            switch (st.transition_to_idle()) {
                case ir::ok: return;              // the run reference went in the same RMW
                case ir::ok_dealloc: return dealloc();
                case ir::ok_notified: continue;   // the run reference is the new queue entry's
                case ir::cancelled: return complete(State::output_kind::cancelled);
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

// abort() racing the task's poll (never ready by itself) and the join handle's drop: the task is
// cancelled exactly once, freed exactly once, never used after being freed.
template <class State>
m::report abort_vs_poll() {
    return m::check([] {
        auto t = std::make_shared<task<State>>();
        t->st.ref_inc();  // the abort handle's reference
        m::thread runner([t] { t->run(); });
        m::thread aborter([t] {
            if (t->st.transition_to_notified_and_cancel()) t->run();  // submit: we run the new entry
            t->ref_dec();  // the abort handle goes
        });
        if (!t->st.unset_join_interest()) (void)t->st.take_output_kind();
        t->ref_dec();
        runner.join();
        aborter.join();
        RT_MODEL_ASSERT(t->completes == 1);
        RT_MODEL_ASSERT(t->deallocs == 1);
    });
}

TEST(ModelTaskState, AbortRacingPollCancelsOnceAndFreesOnce) {
    const auto r = abort_vs_poll<rt::detail::task_state>();
    EXPECT_FALSE(r.failed) << r.str();
    EXPECT_TRUE(r.complete);
    std::printf("task_state abort vs poll: %zu executions\n", r.executions);
}
TEST(ModelTaskState, MutantAbortWithoutEntryReferenceIsAUseAfterFree) {
    namespace mut = rt::detail::mutant_state_abort_no_ref;
    ASSERT_TRUE(mut::mutant_applied) << "the mutated text is no longer in state.hpp";
    const auto r = abort_vs_poll<mut::task_state>();
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.message.find("freed"), std::string::npos) << r.str();
    std::printf("mutant state_abort_no_ref: %s\n", r.str().c_str());
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
