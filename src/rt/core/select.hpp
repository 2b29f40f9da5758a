// rt/core/select.hpp — the surface of rt's select, rewritten by rt-codegen (docs/api/macros.md):
//
//     if ([[rt::select]] rt::selector s{}) {
//         if (auto v = s.on(rx.recv()); v) { ... }       // future; the `if` is the pattern
//         if (s.on(rt::time::sleep(1s), !done)) break;   // second argument: precondition
//     } else { ... }                                     // every branch disabled
//
// Without rt-codegen this code must not run (it would run the branches one after another), so using
// a selector is a compile error unless rt-codegen is parsing (RT_CODEGEN_PARSING) or the editor asks
// to stay quiet (RT_SELECT_UNCHECKED, for clangd). The helpers below are what generated code calls.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <type_traits>

#include "rt/core/future.hpp"
#include "rt/core/poll.hpp"
#include "rt/core/thread_state.hpp"

namespace rt {

/// The result of a branch whose future completes with `void`: always true, so `if (s.on(f))` runs.
struct select_done {
    explicit constexpr operator bool() const noexcept { return true; }
};

/// What `s.on(f)` stands for in a branch: the output of future `F`, `select_done` for void.
template <class F>
using select_output_t = std::conditional_t<std::is_void_v<future_output_t<std::remove_cvref_t<F>>>, select_done,
                                           future_output_t<std::remove_cvref_t<F>>>;

namespace detail {
template <class>
inline constexpr bool select_unprocessed = false;
}  // namespace detail

/// The selector declared by `if ([[rt::select]] rt::selector s{})`. Only rt-codegen gives it meaning.
template <class Tag = void>
class basic_selector {
public:
    explicit operator bool() const noexcept {
#if !defined(RT_CODEGEN_PARSING) && !defined(RT_SELECT_UNCHECKED)
        static_assert(detail::select_unprocessed<Tag>,
                      "this [[rt::select]] was not rewritten by rt-codegen: add the file to "
                      "rt_codegen(<target> SOURCES ...) in CMake (a select never runs its branches in turn)");
#endif
        return true;
    }
    /// A branch: `future` is polled with the others; `precondition` false disables the branch.
    /// (Only its type matters: rt-codegen replaces the call, and unprocessed code cannot compile.)
    template <class F>
    select_output_t<F> on(F&& future, bool precondition = true) {
        (void)future;
        (void)precondition;
        std::abort();
    }
};
using selector = basic_selector<>;

namespace detail {

template <class T>
struct select_value_of {
    using type = T;
};
template <>
struct select_value_of<void> {
    using type = select_done;
};

/// Moves the ready value out of a branch's poll_result (`select_done` for void).
template <class T>
typename select_value_of<T>::type select_take(poll_result<T>& r) {
    if constexpr (std::is_void_v<T>) {
        return select_done{};
    } else {
        return r.take();
    }
}

/// Destroys a select's winning result when take<i>() returns (the value has been moved out by
/// then), so a result never outlives the branch that took it (generated code).
template <class R>
struct select_result_guard {
    R& r;
    ~select_result_guard() { r.~R(); }
};

/// Thrown when every branch of a select without `else` is disabled. Tokio panics there.
[[noreturn]] inline void select_all_disabled() {
    throw std::logic_error("rt::select: every branch is disabled and there is no else");
}

}  // namespace detail
}  // namespace rt
