// rt/core/thread_state.cpp — the thread_local behind rt::detail::tls(), and the no-op waker.
#include "rt/core/thread_state.hpp"

#include "rt/core/future.hpp"

#include <utility>

namespace rt {
namespace detail {

thread_local constinit poll_scope* current_poll = nullptr;

thread_state& tls() noexcept {
    thread_local thread_state state;
    return state;
}

void stash_in_flight_error(std::exception_ptr e) noexcept { tls().in_flight_error = std::move(e); }

void rethrow_in_flight_error() { std::rethrow_exception(std::exchange(tls().in_flight_error, nullptr)); }

std::uint32_t fast_rand_n(std::uint32_t n) noexcept {
    std::uint64_t& x = tls().rng;  // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    const std::uint32_t r = static_cast<std::uint32_t>((x * 0x2545F4914F6CDD1Dull) >> 32);
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(r) * n) >> 32);
}

void defer_wake(const waker& w) {
    if (defer_sink* sink = tls().defer) {
        sink->push(sink->self, w);
    } else {
        w.wake_by_ref();
    }
}

}  // namespace detail

namespace {
void noop(const void*) {}
constexpr waker_vtable noop_vtable{&noop, &noop, &noop, &noop};
}  // namespace

waker noop_waker() noexcept { return waker{nullptr, &noop_vtable}; }

}  // namespace rt
