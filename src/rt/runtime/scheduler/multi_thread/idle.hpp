// rt/runtime/scheduler/multi_thread/idle.hpp — which workers sleep, how many search for work.
//
// Tokio: runtime/scheduler/multi_thread/idle.rs. One atomic word holds (num_unparked << 16) |
// num_searching so that "should a sleeping worker be woken?" is one load; the list of sleepers is
// under a mutex. At most half the workers search at once (stealing is costly and contended).
// Invariants: num_unparked == workers not in sleepers_; a worker woken through worker_to_notify is
// counted as searching (it will look for the work that caused the wake). All accesses to state_
// are seq_cst: "publish work, then read state" in notifiers must not be reordered against
// "update state, then look for work" in parking workers (a Dekker pattern), or a wake is lost.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rt/shim/sync.hpp"

namespace rt::detail {

class idle_set {
public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    explicit idle_set(std::size_t workers) : num_workers_(workers) {
        state_.store(static_cast<std::uint32_t>(workers) << unparked_shift, std::memory_order_seq_cst);
        sleepers_.reserve(workers);
    }

    /// A worker to wake because new work appeared, or `none` when a searching worker will find it
    /// anyway or nobody sleeps. The returned worker is counted as unparked and searching.
    /// Call right after publishing the work: the first check is a seq_cst read-modify-write on the
    /// state word, which the parking side also modifies with an RMW (transition_worker_to_parked),
    /// so either we read its update (and wake it) or it reads ours and then sees the work. A
    /// locked RMW is also cheaper than the full fence plus load it replaces.
    std::size_t worker_to_notify() {
        if (!should_notify(state_.fetch_add(0, std::memory_order_seq_cst))) return none;
        shim::lock_guard<shim::mutex> lock(mu_);
        if (!should_notify(state_.load(std::memory_order_seq_cst)) || sleepers_.empty()) return none;
        state_.fetch_add(1 | (1u << unparked_shift), std::memory_order_seq_cst);
        const std::size_t w = sleepers_.back();
        sleepers_.pop_back();
        return w;
    }

    /// The worker goes to sleep; true when it was the last searching worker (it must then check
    /// for work that arrived while it searched, since nobody else will).
    bool transition_worker_to_parked(std::size_t worker, bool is_searching) {
        shim::lock_guard<shim::mutex> lock(mu_);
        const std::uint32_t dec = (1u << unparked_shift) | (is_searching ? 1u : 0u);
        const std::uint32_t prev = state_.fetch_sub(dec, std::memory_order_seq_cst);
        sleepers_.push_back(worker);
        return is_searching && searching(prev) == 1;
    }

    /// May this worker start searching (steal)? Counts it when yes.
    bool transition_worker_to_searching() {
        const std::uint32_t s = state_.load(std::memory_order_seq_cst);
        if (2 * searching(s) >= num_workers_) return false;
        state_.fetch_add(1, std::memory_order_seq_cst);
        return true;
    }

    /// The worker found work and stops searching; true when it was the last searcher (then it
    /// wakes another so the remaining work keeps being picked up).
    bool transition_worker_from_searching() {
        return searching(state_.fetch_sub(1, std::memory_order_seq_cst)) == 1;
    }

    /// A worker woke on its own (driver event, shutdown): take it out of the sleepers if still
    /// there. False when someone already notified it (then it is counted as searching).
    bool unpark_worker_by_id(std::size_t worker) {
        shim::lock_guard<shim::mutex> lock(mu_);
        auto it = std::find(sleepers_.begin(), sleepers_.end(), worker);
        if (it == sleepers_.end()) return false;
        sleepers_.erase(it);
        state_.fetch_add(1u << unparked_shift, std::memory_order_seq_cst);
        return true;
    }

    /// True while the worker is in the sleepers list (not yet notified).
    bool is_parked(std::size_t worker) {
        shim::lock_guard<shim::mutex> lock(mu_);
        return std::find(sleepers_.begin(), sleepers_.end(), worker) != sleepers_.end();
    }

    std::uint32_t num_searching() const noexcept { return searching(state_.load(std::memory_order_seq_cst)); }

private:
    static constexpr unsigned unparked_shift = 16;
    static std::uint32_t searching(std::uint32_t s) noexcept { return s & ((1u << unparked_shift) - 1); }
    static std::uint32_t unparked(std::uint32_t s) noexcept { return s >> unparked_shift; }
    bool should_notify(std::uint32_t s) const noexcept {
        return searching(s) == 0 && unparked(s) < num_workers_;
    }

    const std::size_t num_workers_;
    shim::atomic<std::uint32_t> state_{0};
    shim::mutex mu_;
    std::vector<std::size_t> sleepers_;
};

}  // namespace rt::detail
