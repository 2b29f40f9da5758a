// rt/io/reactor/reactor.hpp — the epoll reactor: registrations, the event loop turn, unpark.
//
// Tokio equivalent: `runtime::io::Driver` + mio's epoll selector. One reactor per runtime, the
// bottom layer of its driver stack; sockets keep it alive through a shared_ptr so a socket that
// outlives its runtime fails cleanly (ready_shutdown) instead of touching freed memory.
// Invariants: every fd is registered edge-triggered for in/out/rdhup once, for its whole life;
// a deregistered scheduled_io is freed only at the start of a later turn (after the turn that
// may still hold its pointer in the event array has finished dispatching), and turn() is only
// ever run by one thread at a time (the parked worker that holds the driver).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

struct epoll_event;

#include "rt/io/reactor/scheduled_io.hpp"
#include "rt/shim/sync.hpp"

namespace rt::io::detail {

class reactor_core : public std::enable_shared_from_this<reactor_core> {
public:
    reactor_core();
    ~reactor_core();
    reactor_core(const reactor_core&) = delete;
    reactor_core& operator=(const reactor_core&) = delete;

    /// Registers `fd` (edge-triggered, read + write interest). Throws std::system_error.
    scheduled_io* add(int fd);
    /// Removes a registration; the object is freed after the current turn. The fd stays open.
    void remove(scheduled_io* io) noexcept;

    /// Waits for events (at most `timeout`; nullopt: no limit) and dispatches them.
    void turn(std::optional<std::chrono::nanoseconds> timeout);
    /// Makes the current or next turn() return. Thread-safe.
    void unpark() noexcept;
    /// Marks every registration shut down and wakes its waiters; later add() calls throw.
    void shutdown();

    /// The reactor of the runtime this thread is in; throws rt::usage_error outside one.
    static std::shared_ptr<reactor_core> current();

private:
    /// epoll_wait for at most `timeout` (nullopt: no limit), to the nanosecond where the kernel can.
    int wait(epoll_event* events, int max, std::optional<std::chrono::nanoseconds> timeout);

    int epfd_ = -1;
    int eventfd_ = -1;
    shim::mutex mu_;                     // guards live_, release_, shut_down_
    scheduled_io* live_ = nullptr;       // intrusive list of registrations
    std::vector<scheduled_io*> release_;  // removed, to free at the next turn
    bool shut_down_ = false;
    shim::atomic<bool> precise_wait_{true};  // false once epoll_pwait2 reported ENOSYS
};

}  // namespace rt::io::detail
