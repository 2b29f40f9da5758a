// rt/runtime/driver/thread_parker.hpp — the bottom of the driver stack when there is no reactor:
// a mutex + condition variable with an atomic fast path.
//
// State machine (Tokio: runtime/park.rs): EMPTY -> PARKED (in park) -> EMPTY, and NOTIFIED set by
// unpark. unpark() only takes the mutex when the other side is really PARKED, so waking a thread
// that is busy costs one atomic exchange.
#pragma once

#include <cstdint>

#include "rt/runtime/driver/driver.hpp"
#include "rt/shim/sync.hpp"

namespace rt::detail {

class thread_parker final : public driver {
public:
    void park(std::optional<std::chrono::nanoseconds> timeout) override;
    void unpark() override;

private:
    enum : std::uint32_t { empty = 0, parked = 1, notified = 2 };
    shim::atomic<std::uint32_t> state_{empty};
    shim::mutex mu_;
    shim::condition_variable cv_;
};

}  // namespace rt::detail
