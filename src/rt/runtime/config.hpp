// rt/runtime/config.hpp — every knob of runtime::builder, as plain data the schedulers read.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

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
};

}  // namespace rt::detail
