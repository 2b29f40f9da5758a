// rt/core/thread_state.cpp — the thread_local behind rt::detail::tls(), and the no-op waker.
#include "rt/core/thread_state.hpp"

#include "rt/core/future.hpp"

#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace rt {
namespace detail {

thread_local constinit poll_scope* current_poll = nullptr;

namespace {
// constinit: reached without a TLS init guard; trivially destructible: no destructor to run (or
// to have run) at thread exit.
constinit thread_local thread_state t_state;
static_assert(std::is_trivially_destructible_v<thread_state>, "read by thread_local destructors");

std::exception_ptr* in_flight_ptr(in_flight_slot& s) noexcept {
    return std::launder(reinterpret_cast<std::exception_ptr*>(s.bytes));
}
}  // namespace

thread_state& tls() noexcept { return t_state; }

void stash_in_flight_error(std::exception_ptr e) noexcept {
    in_flight_slot& s = t_state.in_flight_error;
    if (s.full) {
        *in_flight_ptr(s) = std::move(e);
    } else {
        ::new (static_cast<void*>(s.bytes)) std::exception_ptr(std::move(e));
        s.full = true;
    }
}

void rethrow_in_flight_error() {
    in_flight_slot& s = t_state.in_flight_error;
    std::exception_ptr e;
    if (s.full) {
        std::exception_ptr* p = in_flight_ptr(s);
        e = std::move(*p);
        std::destroy_at(p);
        s.full = false;
    }
    std::rethrow_exception(std::move(e));
}

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
