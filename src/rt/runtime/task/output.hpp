// rt/runtime/task/output.hpp — what a finished task leaves for its join handle.
//
// The output lives in the cell's stage union (cell.hpp) where the future was: the value (`unit`
// for void tasks) or the exception. Which of them is alive, or that the task was cancelled (no
// payload), is the output kind kept in the state word (state.hpp), not beside the payload.
#pragma once

#include <type_traits>

namespace rt::detail {

/// Stand-in for `void` outputs.
struct unit {};

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, unit, T>;

}  // namespace rt::detail
