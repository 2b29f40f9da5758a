// rt/runtime/blocking/os_thread.hpp — a joinable OS thread with a stack size and a name.
//
// Worker and blocking-pool threads need `thread_stack_size` and `thread_name` (Tokio's builder
// applies both), which shim::thread cannot set; it starts them through shim::native_thread (the
// shim's door to pthread_create). Invariant: an os_thread is joined or detached exactly once before it
// is destroyed (the destructor detaches a still-joinable thread rather than terminating).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace rt::detail {

class os_thread {
public:
    os_thread() noexcept = default;
    /// Starts `body` on a new thread; throws std::system_error when the OS refuses.
    os_thread(const std::string& name, std::size_t stack_size, std::function<void()> body);
    os_thread(os_thread&& o) noexcept;
    os_thread& operator=(os_thread&& o) noexcept;
    ~os_thread();

    [[nodiscard]] bool joinable() const noexcept { return started_; }
    void join();
    void detach();

private:
    friend bool is_current_thread(const os_thread& t) noexcept;
    unsigned long id_ = 0;  // shim::native_thread::handle
    bool started_ = false;
};

/// True when the calling thread is `t` (used to avoid joining oneself).
bool is_current_thread(const os_thread& t) noexcept;

}  // namespace rt::detail
