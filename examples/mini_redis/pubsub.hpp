// examples/mini_redis/pubsub.hpp — pub/sub as Redis does it: a table from channel name (and from
// glob pattern) to the subscribed clients, and per client one queue of published messages with an
// output-buffer limit.
//
// Invariants (issue #16 items 4-6): a channel or pattern is in the table exactly while it has at
// least one subscriber (so a name nobody listens to costs nothing, and the last UNSUBSCRIBE or
// disconnect frees it); a message is encoded once and shared by every subscriber's queue; each
// client receives the messages of all its channels in one FIFO, in publish order (no channel is
// favoured); a client whose queued bytes would pass its limit is marked overflowed, its queue is
// freed, it receives nothing more, and its connection is closed (never a silent gap). Lock order:
// the db's mutex (which guards the table) before a subscriber's own mutex. The includer must
// already have rt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mini_redis {

/// Redis's default hard output-buffer limit for pub/sub clients (client-output-buffer-limit pubsub).
inline constexpr std::size_t default_pubsub_buffer_limit = 32 * 1024 * 1024;

/// One client's queue of published messages (already in wire form). Publishers push from any
/// thread; the client's connection task pops. Tokio mini-redis used one broadcast per channel.
class subscriber {
public:
    explicit subscriber(std::size_t limit) : limit_(limit) {}

    /// Queues `msg`; false when the client is (now) over its limit and gets nothing more.
    bool push(const std::shared_ptr<const std::string>& msg) {
        rt::waker w;
        bool queued = false;
        {
            // Guards the queue, the byte count, the flag and the waker against the connection
            // task popping concurrently on another worker.
            std::lock_guard lock(mu_);
            if (overflowed_) return false;
            if (queued_ + msg->size() > limit_) {
                overflowed_ = true;
                overflow_bytes_ = queued_ + msg->size();
                queue_.clear();  // give the memory back now, not when the connection ends
                queued_ = 0;
            } else {
                queued_ += msg->size();
                queue_.push_back(msg);
                queued = true;
            }
            w = std::move(waker_);
        }
        if (!w.empty()) std::move(w).wake();
        return queued;
    }

    /// What poll() found: a message, or that the client went over its limit.
    struct item {
        std::shared_ptr<const std::string> msg;  // null when overflowed
        std::size_t overflow_bytes = 0;
    };

    /// The oldest queued message, or the overflow, or pending (the task is woken by push()).
    rt::poll_result<item> poll(rt::context& cx) {
        std::lock_guard lock(mu_);  // see push()
        if (overflowed_) return item{nullptr, overflow_bytes_};
        if (queue_.empty()) {
            waker_ = cx.waker();
            return rt::pending;
        }
        item out{std::move(queue_.front()), 0};
        queue_.pop_front();
        queued_ -= out.msg->size();
        return out;
    }

    /// Bytes queued now (for INFO and tests).
    [[nodiscard]] std::size_t queued_bytes() const {
        std::lock_guard lock(mu_);  // see push()
        return queued_;
    }

private:
    const std::size_t limit_;
    mutable std::mutex mu_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t queued_ = 0;
    bool overflowed_ = false;
    std::size_t overflow_bytes_ = 0;
    rt::waker waker_;
};

/// Redis's glob matching (stringmatchlen): `*`, `?`, `[abc]`, `[^a-z]`, and `\x` for a literal x.
inline bool glob_match(std::string_view pat, std::string_view str, int depth = 0) {
    if (depth > 1000) return false;  // a hostile pattern cannot recurse without bound
    std::size_t p = 0, s = 0;
    while (p < pat.size()) {
        switch (pat[p]) {
            case '*':
                while (p + 1 < pat.size() && pat[p + 1] == '*') ++p;
                if (p + 1 == pat.size()) return true;
                for (std::size_t k = s; k <= str.size(); ++k) {
                    if (glob_match(pat.substr(p + 1), str.substr(k), depth + 1)) return true;
                }
                return false;
            case '?':
                if (s == str.size()) return false;
                ++s;
                break;
            case '[': {
                if (s == str.size()) return false;
                ++p;
                const bool negate = p < pat.size() && pat[p] == '^';
                if (negate) ++p;
                bool match = false;
                while (p < pat.size() && pat[p] != ']') {
                    if (pat[p] == '\\' && p + 1 < pat.size()) {
                        ++p;
                        if (pat[p] == str[s]) match = true;
                    } else if (p + 2 < pat.size() && pat[p + 1] == '-') {
                        char lo = pat[p], hi = pat[p + 2];
                        if (lo > hi) std::swap(lo, hi);
                        if (str[s] >= lo && str[s] <= hi) match = true;
                        p += 2;
                    } else if (pat[p] == str[s]) {
                        match = true;
                    }
                    ++p;
                }
                if (negate) match = !match;
                if (!match) return false;
                ++s;
                break;
            }
            case '\\':
                if (p + 1 < pat.size()) ++p;
                [[fallthrough]];
            default:
                if (s == str.size() || pat[p] != str[s]) return false;
                ++s;
                break;
        }
        ++p;
    }
    return s == str.size();
}

/// The subscription table (guarded by the db's mutex): channel or pattern -> subscribers.
struct pubsub_table {
    using list = std::vector<std::shared_ptr<subscriber>>;
    std::map<std::string, list, std::less<>> channels;
    std::map<std::string, list, std::less<>> patterns;

    static void add(std::map<std::string, list, std::less<>>& m, const std::string& name,
                    const std::shared_ptr<subscriber>& s) {
        m[name].push_back(s);
    }
    /// Removes `s` under `name`; the entry goes away with its last subscriber.
    static void remove(std::map<std::string, list, std::less<>>& m, const std::string& name, const subscriber* s) {
        auto it = m.find(name);
        if (it == m.end()) return;
        auto& l = it->second;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (l[i].get() == s) {
                l[i] = std::move(l.back());
                l.pop_back();
                break;
            }
        }
        if (l.empty()) m.erase(it);
    }

    /// The "message" (and "pmessage") frames for `message` on `channel`, pushed to every
    /// subscriber; returns how many received it (Redis counts pattern receivers too).
    std::size_t publish(std::string_view channel, std::string_view message) {
        std::size_t n = 0;
        if (auto it = channels.find(channel); it != channels.end()) {
            auto wire = std::make_shared<const std::string>(encode({"message", channel, message}));
            for (const auto& s : it->second) {
                s->push(wire);
                ++n;
            }
        }
        for (const auto& [pattern, subs] : patterns) {
            if (!glob_match(pattern, channel)) continue;
            auto wire = std::make_shared<const std::string>(encode({"pmessage", pattern, channel, message}));
            for (const auto& s : subs) {
                s->push(wire);
                ++n;
            }
        }
        return n;
    }

    /// An array of bulk strings in wire form.
    static std::string encode(std::initializer_list<std::string_view> parts) {
        std::string out = "*" + std::to_string(parts.size()) + "\r\n";
        for (auto p : parts) {
            out += "$" + std::to_string(p.size()) + "\r\n";
            out += p;
            out += "\r\n";
        }
        return out;
    }
};

}  // namespace mini_redis
