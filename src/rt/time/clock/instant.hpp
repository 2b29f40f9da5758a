// rt/time/clock/instant.hpp — rt::time::instant, a point on the runtime's monotonic clock.
//
// Tokio equivalent: `tokio::time::Instant`. Inside a runtime `instant::now()` reads that runtime's
// clock, which test code can pause and advance (rt/time/pause.hpp); elsewhere it is the steady
// clock. Invariant: arithmetic saturates at the ends of the representable range instead of
// overflowing, so `now() + a huge duration` is a far-future instant, never a past one.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>

namespace rt::time {

/// A measurement of the runtime's monotonic clock; the ordinary way to name a deadline.
/// Tokio: `tokio::time::Instant`.
class instant {
public:
    using clock_type = std::chrono::steady_clock;
    using duration = std::chrono::nanoseconds;

    /// The epoch of the steady clock (useful as a placeholder).
    constexpr instant() noexcept = default;
    /// Wraps a steady_clock time point. Tokio: `Instant::from_std`.
    static constexpr instant from_std(clock_type::time_point tp) noexcept { return instant(tp); }

    /// The current time of the runtime's clock (paused time when the clock is paused); the
    /// steady clock outside any runtime. Tokio: `Instant::now`.
    static instant now() noexcept;

    /// The steady_clock time point. Tokio: `Instant::into_std`.
    [[nodiscard]] constexpr clock_type::time_point into_std() const noexcept { return tp_; }

    /// Time from `earlier` to this instant, or zero when `earlier` is later. Tokio: `duration_since`.
    [[nodiscard]] constexpr duration duration_since(instant earlier) const noexcept {
        const auto d = tp_ - earlier.tp_;
        return d.count() > 0 ? duration(d) : duration::zero();
    }
    /// Same as duration_since (Tokio: `saturating_duration_since`).
    [[nodiscard]] constexpr duration saturating_duration_since(instant earlier) const noexcept {
        return duration_since(earlier);
    }
    /// Time since this instant on the runtime's clock, zero if it is in the future. Tokio: `elapsed`.
    [[nodiscard]] duration elapsed() const noexcept { return now().duration_since(*this); }

    /// `*this + d`, or nullopt when it does not fit. Tokio: `checked_add`.
    [[nodiscard]] constexpr std::optional<instant> checked_add(duration d) const noexcept {
        std::int64_t out;
        if (__builtin_add_overflow(tp_.time_since_epoch().count(), d.count(), &out)) return std::nullopt;
        return instant(clock_type::time_point(duration(out)));
    }
    /// `*this - d`, or nullopt when it does not fit. Tokio: `checked_sub`.
    [[nodiscard]] constexpr std::optional<instant> checked_sub(duration d) const noexcept {
        std::int64_t out;
        if (__builtin_sub_overflow(tp_.time_since_epoch().count(), d.count(), &out)) return std::nullopt;
        return instant(clock_type::time_point(duration(out)));
    }

    /// Saturating `instant + duration` (Tokio's `Add` panics on overflow; a saturated far-future
    /// deadline is the useful answer for timers).
    friend constexpr instant operator+(instant t, duration d) noexcept {
        if (auto r = t.checked_add(d)) return *r;
        return instant(d.count() > 0 ? clock_type::time_point::max() : clock_type::time_point::min());
    }
    friend constexpr instant operator+(duration d, instant t) noexcept { return t + d; }
    /// Saturating `instant - duration`.
    friend constexpr instant operator-(instant t, duration d) noexcept {
        if (auto r = t.checked_sub(d)) return *r;
        return instant(d.count() > 0 ? clock_type::time_point::min() : clock_type::time_point::max());
    }
    /// The signed distance between two instants (use duration_since for Tokio's saturating one).
    friend constexpr duration operator-(instant a, instant b) noexcept { return a.tp_ - b.tp_; }
    instant& operator+=(duration d) noexcept { return *this = *this + d; }
    instant& operator-=(duration d) noexcept { return *this = *this - d; }

    friend constexpr auto operator<=>(instant, instant) noexcept = default;
    friend constexpr bool operator==(instant, instant) noexcept = default;

private:
    constexpr explicit instant(clock_type::time_point tp) noexcept : tp_(tp) {}
    clock_type::time_point tp_{};
};

}  // namespace rt::time
