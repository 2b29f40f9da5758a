// examples/mini_redis/commands_lists.hpp — the list commands redis-benchmark's default run uses:
// LPUSH, RPUSH, LPOP, RPOP (with an optional count), LRANGE, LLEN. Invariant: a list key is never
// empty (popping its last element deletes the key), and a command on a key holding a string is
// answered WRONGTYPE without touching it. The includer must already have rt.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands_util.hpp"
#include "db.hpp"
#include "resp.hpp"

namespace mini_redis::detail {

/// The reply to a list command, or nullopt when `name` is not one.
inline std::optional<resp::frame> list_command(db& d, std::string_view name, std::vector<resp::frame>& a) {
    if (name == "LPUSH" || name == "RPUSH") {
        if (a.size() < 3) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (e && !e->list()) return wrong_type();
            if (!e) {
                e = k.find_or_add(a[1].text).first;
                e->value = std::deque<std::string>{};
            }
            auto& l = *e->list();
            for (std::size_t i = 2; i < a.size(); ++i) {
                if (name[0] == 'L') {
                    l.push_front(std::move(a[i].text));
                } else {
                    l.push_back(std::move(a[i].text));
                }
            }
            return resp::frame::integer_of(static_cast<std::int64_t>(l.size()));
        });
    }
    if (name == "LPOP" || name == "RPOP") {
        if (a.size() != 2 && a.size() != 3) return wrong_arity(name);
        std::optional<std::int64_t> count;
        if (a.size() == 3) {
            count = db::parse_integer(a[2].text);
            if (!count || *count < 0) return resp::frame::error("ERR value is out of range, must be positive");
        }
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (!e) return count ? resp::frame::null_array() : resp::frame::null();
            if (!e->list()) return wrong_type();
            auto& l = *e->list();
            const bool left = name[0] == 'L';
            auto pop = [&] {
                std::string v = std::move(left ? l.front() : l.back());
                if (left) {
                    l.pop_front();
                } else {
                    l.pop_back();
                }
                return v;
            };
            resp::frame reply;
            if (!count) {
                reply = resp::frame::bulk(pop());
            } else {
                std::vector<resp::frame> out;
                const auto n = static_cast<std::size_t>(std::min<std::int64_t>(*count, static_cast<std::int64_t>(l.size())));
                out.reserve(n);
                for (std::size_t i = 0; i < n; ++i) out.push_back(resp::frame::bulk(pop()));
                reply = resp::frame::array(std::move(out));
            }
            if (l.empty()) k.erase(a[1].text);
            return reply;
        });
    }
    if (name == "LLEN") {
        if (a.size() != 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (!e) return resp::frame::integer_of(0);
            if (!e->list()) return wrong_type();
            return resp::frame::integer_of(static_cast<std::int64_t>(e->list()->size()));
        });
    }
    if (name == "LRANGE") {
        if (a.size() != 4) return wrong_arity(name);
        auto start = db::parse_integer(a[2].text);
        auto stop = db::parse_integer(a[3].text);
        if (!start || !stop) return not_an_integer();
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (!e) return resp::frame::array({});
            if (!e->list()) return wrong_type();
            const auto& l = *e->list();
            const auto len = static_cast<std::int64_t>(l.size());
            std::int64_t from = *start < 0 ? len + *start : *start;
            std::int64_t to = *stop < 0 ? len + *stop : *stop;
            from = std::max<std::int64_t>(from, 0);
            to = std::min<std::int64_t>(to, len - 1);
            std::vector<resp::frame> out;
            if (from <= to) {
                out.reserve(static_cast<std::size_t>(to - from + 1));
                for (std::int64_t i = from; i <= to; ++i) out.push_back(resp::frame::bulk(l[static_cast<std::size_t>(i)]));
            }
            return resp::frame::array(std::move(out));
        });
    }
    return std::nullopt;
}

}  // namespace mini_redis::detail
