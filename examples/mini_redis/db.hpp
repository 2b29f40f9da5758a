// examples/mini_redis/db.hpp — the shared state of a mini-redis server: the key space (values with
// an optional expiry on rt::time's clock) and the pub/sub channels (one rt::sync::broadcast each).
//
// Tokio's mini-redis equivalent: `db.rs`. Copies of a `db` share one state; every connection task,
// on any worker thread, holds a copy. Invariants (under the mutex): `expirations` holds exactly one
// (deadline, key) pair for each key that has a deadline; a key whose deadline is not after
// rt::time::instant::now() is never returned (expired keys are purged lazily, on the next access
// of the state, instead of by a background timer — so paused test time does not auto-advance
// because of the server). The includer must already have rt (`import rt;` or <rt/rt.hpp>).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace mini_redis {

/// Capacity of each pub/sub channel: a subscriber more than this many messages behind is told how
/// many it lost (broadcast's `lagged`), as Redis drops slow subscribers' output.
inline constexpr std::size_t channel_capacity = 1024;

/// The key space and the channels, shared by copies. Tokio mini-redis: `Db`.
class db {
public:
    db() : s_(std::make_shared<state>()) {}

    /// The value of `key`, or nullopt when it is missing or expired. Redis: GET.
    std::optional<std::string> get(const std::string& key) const {
        std::lock_guard lock(s_->mu);
        purge_locked();
        auto it = s_->entries.find(key);
        if (it == s_->entries.end()) return std::nullopt;
        return it->second.value;
    }

    /// Stores `value` under `key`, replacing any value and expiry; `ttl` sets a new one. Redis: SET.
    void set(std::string key, std::string value, std::optional<rt::time::instant> deadline = std::nullopt) {
        std::lock_guard lock(s_->mu);
        purge_locked();
        auto [it, inserted] = s_->entries.try_emplace(std::move(key));
        if (!inserted && it->second.deadline) s_->expirations.erase({*it->second.deadline, it->first});
        it->second.value = std::move(value);
        it->second.deadline = deadline;
        if (deadline) s_->expirations.emplace(*deadline, it->first);
    }

    /// Removes `key`; true when it existed. Redis: DEL (one key).
    bool del(const std::string& key) {
        std::lock_guard lock(s_->mu);
        purge_locked();
        auto it = s_->entries.find(key);
        if (it == s_->entries.end()) return false;
        erase_locked(it);
        return true;
    }

    /// True when `key` holds a live value. Redis: EXISTS (one key).
    bool exists(const std::string& key) const {
        std::lock_guard lock(s_->mu);
        purge_locked();
        return s_->entries.count(key) != 0;
    }

    /// Adds `delta` to the integer stored at `key` (a missing key counts as 0; the expiry stays).
    /// Returns the new value, or nullopt when the value is not an integer or would overflow.
    /// Redis: INCR / INCRBY.
    std::optional<std::int64_t> incr(const std::string& key, std::int64_t delta = 1) {
        std::lock_guard lock(s_->mu);
        purge_locked();
        auto [it, inserted] = s_->entries.try_emplace(key);
        std::int64_t v = 0;
        if (!inserted) {
            auto parsed = parse_integer(it->second.value);
            if (!parsed) return std::nullopt;
            v = *parsed;
        }
        std::int64_t next = 0;
        if (__builtin_add_overflow(v, delta, &next)) {
            if (inserted) s_->entries.erase(it);
            return std::nullopt;
        }
        it->second.value = std::to_string(next);
        return next;
    }

    /// Sends `message` to every current subscriber of `channel`; returns how many. Redis: PUBLISH.
    std::size_t publish(const std::string& channel, std::string message) {
        std::lock_guard lock(s_->mu);
        auto it = s_->channels.find(channel);
        if (it == s_->channels.end()) return 0;
        auto sent = it->second.send(std::move(message));
        if (!sent) {
            s_->channels.erase(it);  // every subscriber left: forget the channel
            return 0;
        }
        return *sent;
    }

    /// A receiver of the messages published on `channel` from now on. Redis: SUBSCRIBE.
    rt::sync::broadcast::receiver<std::string> subscribe(const std::string& channel) {
        std::lock_guard lock(s_->mu);
        auto it = s_->channels.find(channel);
        if (it == s_->channels.end()) {
            auto [tx, rx] = rt::sync::broadcast::channel<std::string>(channel_capacity);
            s_->channels.emplace(channel, std::move(tx));
            return std::move(rx);
        }
        return it->second.subscribe();
    }

    /// Number of live keys (expired ones are purged first). Redis: DBSIZE.
    std::size_t size() const {
        std::lock_guard lock(s_->mu);
        purge_locked();
        return s_->entries.size();
    }

    /// A base-10 64-bit integer in Redis's strict form (no spaces, no '+', no leading zeros).
    static std::optional<std::int64_t> parse_integer(std::string_view s) {
        const bool neg = !s.empty() && s[0] == '-';
        std::string_view digits = neg ? s.substr(1) : s;
        if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
        if (neg && digits == "0") return std::nullopt;
        unsigned __int128 v = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + static_cast<unsigned>(c - '0');
        }
        const unsigned __int128 limit = neg ? (unsigned __int128)INT64_MAX + 1 : (unsigned __int128)INT64_MAX;
        if (v > limit) return std::nullopt;
        return neg ? static_cast<std::int64_t>(-static_cast<__int128>(v)) : static_cast<std::int64_t>(v);
    }

private:
    struct entry {
        std::string value;
        std::optional<rt::time::instant> deadline;
    };
    struct state {
        // One plain mutex for everything: every operation is a short map access with no await
        // inside, so contention stays low and a single lock keeps keys, expirations and channels
        // consistent with each other (Redis itself is single-threaded).
        mutable std::mutex mu;
        std::map<std::string, entry, std::less<>> entries;
        std::set<std::pair<rt::time::instant, std::string>> expirations;
        std::map<std::string, rt::sync::broadcast::sender<std::string>, std::less<>> channels;
    };

    void erase_locked(std::map<std::string, entry, std::less<>>::iterator it) const {
        if (it->second.deadline) s_->expirations.erase({*it->second.deadline, it->first});
        s_->entries.erase(it);
    }

    /// Drops every key whose deadline has passed (the ordered set makes this O(expired)).
    void purge_locked() const {
        if (s_->expirations.empty()) return;
        const auto now = rt::time::instant::now();
        while (!s_->expirations.empty() && s_->expirations.begin()->first <= now) {
            auto node = s_->expirations.extract(s_->expirations.begin());
            s_->entries.erase(node.value().second);
        }
    }

    std::shared_ptr<state> s_;
};

}  // namespace mini_redis
