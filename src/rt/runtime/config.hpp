// rt/runtime/config.hpp — every knob of runtime::builder, as plain data the schedulers read.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace rt {

/// What happens when an exception escapes a spawned task. Tokio: `runtime::UnhandledPanic`.
enum class unhandled_exception_policy {
    /// The exception is kept for the task's join handle; the runtime goes on. Tokio: `Ignore`.
    keep_for_join_handle,
    /// The runtime shuts down: its block_on throws rt::unhandled_exception_error and every other
    /// task is cancelled. Tokio: `ShutdownRuntime`.
    shutdown_runtime,
};

/// Thrown by block_on when a task's exception shut the runtime down
/// (unhandled_exception_policy::shutdown_runtime); `original()` is the task's exception.
/// Tokio panics with "a spawned task panicked and the runtime is configured to shut down on unhandled panic".
class unhandled_exception_error : public std::runtime_error {
public:
    explicit unhandled_exception_error(std::exception_ptr original)
        : std::runtime_error(
              "an exception escaped a spawned task and the runtime is configured to shut down on unhandled "
              "exceptions (unhandled_exception_policy::shutdown_runtime); original() holds it"),
          original_(std::move(original)) {}
    /// The exception that escaped the task.
    [[nodiscard]] std::exception_ptr original() const noexcept { return original_; }

private:
    std::exception_ptr original_;
};

}  // namespace rt

namespace rt::detail {

enum class flavor { current_thread, multi_thread };

struct runtime_config {
    detail::flavor flavor = flavor::multi_thread;
    std::size_t worker_threads = 0;          // 0: number of cores
    std::size_t max_blocking_threads = 512;  // Tokio's default
    std::chrono::nanoseconds thread_keep_alive = std::chrono::seconds(10);
    std::size_t thread_stack_size = 2 * 1024 * 1024;
    std::string thread_name = "rt-worker";
    std::function<void()> on_thread_start;
    std::function<void()> on_thread_stop;
    std::uint32_t event_interval = 61;         // ticks between driver polls (Tokio: 61)
    std::uint32_t global_queue_interval = 31;  // ticks between global-queue checks (Tokio: 31)
    bool start_paused = false;
    std::optional<std::uint64_t> rng_seed;
    // builder::deterministic: seeded choice among ready tasks, blocking work run inline by the
    // scheduler, a recorded trace (current_thread only; implies start_paused and rng_seed).
    bool deterministic = false;
    unhandled_exception_policy unhandled = unhandled_exception_policy::keep_for_join_handle;
};

}  // namespace rt::detail
