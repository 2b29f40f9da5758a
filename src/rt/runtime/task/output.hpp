// rt/runtime/task/output.hpp — what a finished task leaves for its join handle.
#pragma once

#include <exception>
#include <type_traits>
#include <variant>

namespace rt::detail {

/// Stand-in for `void` outputs.
struct unit {};

/// The task was cancelled (aborted or shut down) before it finished.
struct cancelled_output {};

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, unit, T>;

/// Empty (monostate) before completion and after the join handle took it.
template <class T>
using task_output = std::variant<std::monostate, stored_t<T>, std::exception_ptr, cancelled_output>;

}  // namespace rt::detail
