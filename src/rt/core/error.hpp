// rt/core/error.hpp — the exceptions rt throws for its own outcomes.
//
// Rule (see docs/design-notes.md): failures throw; ordinary control flow (a closed channel, end of
// stream) is a value. `cancelled_error` is what awaiting an aborted task's join_handle throws.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace rt {

/// Thrown by awaiting the join_handle of a task that was aborted or shut down before it finished.
/// Tokio: `JoinError::Cancelled` (`JoinError::is_cancelled()`).
class cancelled_error : public std::runtime_error {
public:
    explicit cancelled_error(std::uint64_t task_id)
        : std::runtime_error("task " + std::to_string(task_id) + " was cancelled"), id_(task_id) {}
    /// The id of the task that was cancelled.
    [[nodiscard]] std::uint64_t task_id() const noexcept { return id_; }

private:
    std::uint64_t id_;
};

/// Thrown when the runtime API is used in a way it does not allow (a nested block_on, spawn with
/// no runtime, a join_handle awaited after its output was taken). Tokio panics in these cases.
class usage_error : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

}  // namespace rt
