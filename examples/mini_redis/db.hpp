// examples/mini_redis/db.hpp — the shared state of a mini-redis server: the key space (strings,
// lists, sets, hashes and sorted sets, each with an optional expiry on rt::time's clock), the
// pub/sub table (pubsub.hpp) and the server's counters for INFO.
//
// Tokio's mini-redis equivalent: `db.rs`. Copies of a `db` share one state; every connection task,
// on any worker thread, holds a copy. Invariants (under the mutex): `expirations` holds exactly one
// (deadline, key) pair for each key that has a deadline (Unix ms on keyspace::now_ms()'s clock,
// which rt::time drives); a key whose deadline is not after now_ms() is never returned (expired
// keys are purged lazily, on the next access of the state, instead of by a background timer — so
// paused test time does not auto-advance because of the server); a collection key is never empty
// (the removal of its last element deletes the key). The includer must already have rt.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "pubsub.hpp"

namespace mini_redis {

/// Server settings. `pubsub_buffer_limit`: bytes of unsent messages a subscriber may have queued
/// before it is disconnected (Redis: client-output-buffer-limit pubsub, hard limit 32 MiB).
struct options {
    std::size_t pubsub_buffer_limit = default_pubsub_buffer_limit;
    std::uint16_t port = 0;  // shown by INFO
};

/// A sorted set: member -> score, and the (score, member) order. Redis: zset.
struct sorted_set {
    std::unordered_map<std::string, double> scores;
    std::set<std::pair<double, std::string>> order;
};
using hash_value = std::unordered_map<std::string, std::string>;
using set_value = std::unordered_set<std::string>;

/// A stored value: a string, list, set, hash or sorted set. Redis: robj and its types.
struct value_entry {
    std::variant<std::string, std::deque<std::string>, set_value, hash_value, sorted_set> value;
    std::optional<std::int64_t> deadline;
    [[nodiscard]] std::string* str() { return std::get_if<std::string>(&value); }
    [[nodiscard]] std::deque<std::string>* list() { return std::get_if<std::deque<std::string>>(&value); }
    [[nodiscard]] set_value* set() { return std::get_if<set_value>(&value); }
    [[nodiscard]] hash_value* hash() { return std::get_if<hash_value>(&value); }
    [[nodiscard]] sorted_set* zset() { return std::get_if<sorted_set>(&value); }
};

/// Server-wide counters shown by INFO (guarded by the db's mutex).
struct server_stats {
    std::int64_t connected_clients = 0;
    std::int64_t total_connections = 0;
    std::int64_t next_client_id = 1;
    std::int64_t pubsub_disconnects = 0;  // clients closed for passing the pub/sub buffer limit
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

/// The key space, seen by commands while the db's mutex is held (db::with_keys).
class keyspace {
public:
    using map_type = std::map<std::string, value_entry, std::less<>>;

    /// The live entry of `key`, or null (expired keys were purged before).
    value_entry* find(std::string_view key) {
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : &it->second;
    }
    /// The entry of `key`, created (as an empty string, no deadline) when missing.
    std::pair<value_entry*, bool> find_or_add(std::string_view key) {
        auto it = entries_.find(key);
        if (it != entries_.end()) return {&it->second, false};
        it = entries_.emplace(std::string(key), value_entry{}).first;
        return {&it->second, true};
    }
    /// Stores a string, replacing any value; keeps the deadline when `keep_ttl`, else sets `deadline`.
    void set(std::string key, std::string value, std::optional<std::int64_t> deadline, bool keep_ttl = false) {
        auto [it, inserted] = entries_.try_emplace(std::move(key));
        it->second.value = std::move(value);
        if (!keep_ttl) set_deadline(it->first, it->second, deadline);
    }
    /// Changes the deadline of an existing entry, keeping `expirations` in step.
    void set_deadline(const std::string& key, value_entry& e, std::optional<std::int64_t> deadline) {
        if (e.deadline) expirations_.erase({*e.deadline, key});
        e.deadline = deadline;
        if (deadline) expirations_.emplace(*deadline, key);
    }
    void set_deadline(std::string_view key, std::optional<std::int64_t> deadline) {
        auto it = entries_.find(key);
        if (it != entries_.end()) set_deadline(it->first, it->second, deadline);
    }
    bool erase(std::string_view key) {
        auto it = entries_.find(key);
        if (it == entries_.end()) return false;
        if (it->second.deadline) expirations_.erase({*it->second.deadline, it->first});
        entries_.erase(it);
        return true;
    }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    /// Keys that have a deadline.
    [[nodiscard]] std::size_t expiring() const noexcept { return expirations_.size(); }
    void clear() {
        entries_.clear();
        expirations_.clear();
    }
    /// The server's clock in Unix milliseconds: the wall clock at the first call, advanced by
    /// rt::time (so paused test time moves it). Deadlines are on this clock, as Redis's are, so
    /// EXAT/PXAT, TTL and Redis's full EX/PX range need no conversion that could overflow.
    std::int64_t now_ms() {
        if (!base_) {
            const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch());
            base_.emplace(wall.count(), rt::time::instant::now());
        }
        const auto since = rt::time::instant::now().duration_since(base_->second);
        return base_->first + std::chrono::duration_cast<std::chrono::milliseconds>(since).count();
    }
    /// Drops every key whose deadline has passed (the ordered set makes this O(expired)).
    void purge() {
        if (expirations_.empty()) return;
        const auto now = now_ms();
        while (!expirations_.empty() && expirations_.begin()->first <= now) {
            auto node = expirations_.extract(expirations_.begin());
            entries_.erase(node.value().second);
        }
    }

private:
    map_type entries_;
    std::set<std::pair<std::int64_t, std::string>> expirations_;
    std::optional<std::pair<std::int64_t, rt::time::instant>> base_;  // (unix ms, instant) of the first now_ms()
};

/// The key space, the pub/sub table and the counters, shared by copies. Tokio mini-redis: `Db`.
class db {
public:
    explicit db(options o = {}) : s_(std::make_shared<state>()) { s_->opts = o; }

    /// Runs `f(keyspace&)` under the lock, after purging expired keys; returns what f returns.
    /// `f` must not block or await.
    template <class F>
    decltype(auto) with_keys(F&& f) const {
        std::lock_guard lock(s_->mu);
        s_->keys.purge();
        return std::forward<F>(f)(s_->keys);
    }

    /// The value of `key`, or nullopt when it is missing, expired or not a string. Redis: GET.
    std::optional<std::string> get(const std::string& key) const {
        return with_keys([&](keyspace& k) -> std::optional<std::string> {
            auto* e = k.find(key);
            if (!e || !e->str()) return std::nullopt;
            return *e->str();
        });
    }
    /// Stores `value` under `key`, replacing any value and expiry. Redis: SET.
    void set(std::string key, std::string value, std::optional<std::int64_t> deadline = std::nullopt) {
        with_keys([&](keyspace& k) { k.set(std::move(key), std::move(value), deadline); });
    }
    /// Removes `key`; true when it existed. Redis: DEL (one key).
    bool del(const std::string& key) {
        return with_keys([&](keyspace& k) { return k.erase(key); });
    }
    /// True when `key` holds a live value. Redis: EXISTS (one key).
    bool exists(const std::string& key) const {
        return with_keys([&](keyspace& k) { return k.find(key) != nullptr; });
    }
    /// Number of live keys. Redis: DBSIZE.
    std::size_t size() const {
        return with_keys([](keyspace& k) { return k.size(); });
    }

    /// Sends `message` to every subscriber of `channel` and of the patterns matching it; returns
    /// how many. Redis: PUBLISH.
    std::size_t publish(std::string_view channel, std::string_view message) {
        std::lock_guard lock(s_->mu);
        return s_->pubsub.publish(channel, message);
    }
    /// A new subscriber queue with this server's buffer limit (one per subscribed client).
    [[nodiscard]] std::shared_ptr<subscriber> make_subscriber() const {
        return std::make_shared<subscriber>(s_->opts.pubsub_buffer_limit);
    }
    /// Adds `s` to the subscribers of `name` (a channel, or a pattern when `pattern`).
    void subscribe(const std::string& name, const std::shared_ptr<subscriber>& s, bool pattern = false) {
        std::lock_guard lock(s_->mu);
        pubsub_table::add(pattern ? s_->pubsub.patterns : s_->pubsub.channels, name, s);
    }
    /// Removes `s` from `name`'s subscribers; the channel is forgotten with its last subscriber.
    void unsubscribe(const std::string& name, const subscriber* s, bool pattern = false) {
        std::lock_guard lock(s_->mu);
        pubsub_table::remove(pattern ? s_->pubsub.patterns : s_->pubsub.channels, name, s);
    }
    /// Channels and patterns that have subscribers now (what the pub/sub table holds).
    [[nodiscard]] std::pair<std::size_t, std::size_t> pubsub_sizes() const {
        std::lock_guard lock(s_->mu);
        return {s_->pubsub.channels.size(), s_->pubsub.patterns.size()};
    }

    /// Runs `f(server_stats&)` under the lock.
    template <class F>
    decltype(auto) with_stats(F&& f) const {
        std::lock_guard lock(s_->mu);
        return std::forward<F>(f)(s_->stats);
    }
    [[nodiscard]] const options& opts() const noexcept { return s_->opts; }

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
    struct state {
        // One plain mutex for everything: every operation is a short map access with no await
        // inside, so contention stays low and a single lock keeps keys, expirations, channels
        // and counters consistent with each other (Redis itself is single-threaded).
        mutable std::mutex mu;
        keyspace keys;
        pubsub_table pubsub;
        server_stats stats;
        options opts;
    };
    std::shared_ptr<state> s_;
};

}  // namespace mini_redis
