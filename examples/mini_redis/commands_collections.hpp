// examples/mini_redis/commands_collections.hpp — the set, hash and sorted-set commands that
// redis-benchmark's default run uses (SADD, SPOP, HSET, ZADD, ZPOPMIN) plus their obvious readers
// (SCARD, SISMEMBER, SMEMBERS, HGET, HLEN, HGETALL, ZCARD, ZSCORE). Invariants: as for lists — a
// collection key is never empty, and a command on a key of another type answers WRONGTYPE; sorted
// set scores are doubles parsed and printed as Redis 7.0 does (strtod; "%.17g"). The includer
// must already have rt.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands_util.hpp"
#include "db.hpp"
#include "resp.hpp"

namespace mini_redis::detail {

/// A score as Redis's string2d reads it: all of `s` is a strtod number, no leading blank, no NaN.
inline std::optional<double> parse_score(const std::string& s) {
    if (s.empty() || s.size() > 255 || s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || std::isnan(d)) return std::nullopt;
    return d;
}

inline std::string format_score(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
}

/// The entry of `key` holding a T (created when missing and `create`); `wrong` set when it holds another type.
template <class T, class Get>
T* typed(keyspace& k, std::string_view key, bool create, bool& wrong, Get get) {
    wrong = false;
    value_entry* e = k.find(key);
    if (!e) {
        if (!create) return nullptr;
        e = k.find_or_add(key).first;
        e->value = T{};
    }
    T* v = get(*e);
    if (!v) wrong = true;
    return v;
}

inline std::optional<resp::frame> collection_command(db& d, std::string_view name, std::vector<resp::frame>& a) {
    auto as_set = [](value_entry& e) { return e.set(); };
    auto as_hash = [](value_entry& e) { return e.hash(); };
    auto as_zset = [](value_entry& e) { return e.zset(); };
    if (name == "SADD") {
        if (a.size() < 3) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* s = typed<set_value>(k, a[1].text, true, wrong, as_set);
            if (wrong) return wrong_type();
            std::int64_t added = 0;
            for (std::size_t i = 2; i < a.size(); ++i) added += s->insert(std::move(a[i].text)).second;
            return resp::frame::integer_of(added);
        });
    }
    if (name == "SCARD" || name == "SMEMBERS" || name == "SISMEMBER") {
        if (a.size() != (name == "SISMEMBER" ? 3u : 2u)) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* s = typed<set_value>(k, a[1].text, false, wrong, as_set);
            if (wrong) return wrong_type();
            if (name == "SCARD") return resp::frame::integer_of(s ? static_cast<std::int64_t>(s->size()) : 0);
            if (name == "SISMEMBER") return resp::frame::integer_of(s && s->count(a[2].text) ? 1 : 0);
            std::vector<resp::frame> out;
            if (s) {
                for (const auto& m : *s) out.push_back(resp::frame::bulk(m));
            }
            return resp::frame::array(std::move(out));
        });
    }
    if (name == "SPOP") {
        if (a.size() != 2 && a.size() != 3) return wrong_arity(name);
        std::optional<std::int64_t> count;
        if (a.size() == 3) {
            count = db::parse_integer(a[2].text);
            if (!count || *count < 0) return resp::frame::error("ERR value is out of range, must be positive");
        }
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* s = typed<set_value>(k, a[1].text, false, wrong, as_set);
            if (wrong) return wrong_type();
            if (!s) return count ? resp::frame::array({}) : resp::frame::null();
            // Redis picks at random; the hash order is as good a choice for mini-redis.
            std::vector<resp::frame> out;
            const std::int64_t n = count ? *count : 1;
            for (std::int64_t i = 0; i < n && !s->empty(); ++i) {
                out.push_back(resp::frame::bulk(std::move(s->extract(s->begin()).value())));
            }
            if (s->empty()) k.erase(a[1].text);
            if (!count) return std::move(out.front());
            return resp::frame::array(std::move(out));
        });
    }
    if (name == "HSET") {
        if (a.size() < 4 || a.size() % 2 != 0) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* h = typed<hash_value>(k, a[1].text, true, wrong, as_hash);
            if (wrong) return wrong_type();
            std::int64_t added = 0;
            for (std::size_t i = 2; i + 1 < a.size(); i += 2) {
                auto [it, inserted] = h->insert_or_assign(std::move(a[i].text), std::move(a[i + 1].text));
                added += inserted;
            }
            return resp::frame::integer_of(added);
        });
    }
    if (name == "HGET" || name == "HLEN" || name == "HGETALL") {
        if (a.size() != (name == "HGET" ? 3u : 2u)) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* h = typed<hash_value>(k, a[1].text, false, wrong, as_hash);
            if (wrong) return wrong_type();
            if (name == "HLEN") return resp::frame::integer_of(h ? static_cast<std::int64_t>(h->size()) : 0);
            if (name == "HGET") {
                if (!h) return resp::frame::null();
                auto it = h->find(a[2].text);
                return it == h->end() ? resp::frame::null() : resp::frame::bulk(it->second);
            }
            std::vector<resp::frame> out;
            if (h) {
                for (const auto& [f, v] : *h) {
                    out.push_back(resp::frame::bulk(f));
                    out.push_back(resp::frame::bulk(v));
                }
            }
            return resp::frame::array(std::move(out));
        });
    }
    if (name == "ZADD") {
        // ZADD key score member [score member ...] (the NX/XX/GT/LT/CH/INCR options are not
        // implemented: an option word is read as a score and refused as Redis refuses a bad one).
        if (a.size() < 4 || a.size() % 2 != 0) return wrong_arity(name);
        std::vector<double> scores;
        for (std::size_t i = 2; i < a.size(); i += 2) {
            auto sc = parse_score(a[i].text);
            if (!sc) return resp::frame::error("ERR value is not a valid float");
            scores.push_back(*sc);
        }
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* z = typed<sorted_set>(k, a[1].text, true, wrong, as_zset);
            if (wrong) return wrong_type();
            std::int64_t added = 0;
            for (std::size_t i = 2, j = 0; i + 1 < a.size(); i += 2, ++j) {
                auto [it, inserted] = z->scores.try_emplace(a[i + 1].text, scores[j]);
                if (!inserted) {
                    z->order.erase({it->second, it->first});
                    it->second = scores[j];
                }
                z->order.emplace(scores[j], it->first);
                added += inserted;
            }
            return resp::frame::integer_of(added);
        });
    }
    if (name == "ZCARD" || name == "ZSCORE") {
        if (a.size() != (name == "ZSCORE" ? 3u : 2u)) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* z = typed<sorted_set>(k, a[1].text, false, wrong, as_zset);
            if (wrong) return wrong_type();
            if (name == "ZCARD") return resp::frame::integer_of(z ? static_cast<std::int64_t>(z->scores.size()) : 0);
            if (!z) return resp::frame::null();
            auto it = z->scores.find(a[2].text);
            return it == z->scores.end() ? resp::frame::null() : resp::frame::bulk(format_score(it->second));
        });
    }
    if (name == "ZPOPMIN") {
        if (a.size() != 2 && a.size() != 3) return wrong_arity(name);
        std::int64_t count = 1;
        if (a.size() == 3) {
            auto c = db::parse_integer(a[2].text);
            if (!c || *c < 0) return resp::frame::error("ERR value is out of range, must be positive");
            count = *c;
        }
        return d.with_keys([&](keyspace& k) -> resp::frame {
            bool wrong = false;
            auto* z = typed<sorted_set>(k, a[1].text, false, wrong, as_zset);
            if (wrong) return wrong_type();
            std::vector<resp::frame> out;
            if (!z) return resp::frame::array({});
            for (std::int64_t i = 0; i < count && !z->order.empty(); ++i) {
                auto node = z->order.extract(z->order.begin());
                z->scores.erase(node.value().second);
                out.push_back(resp::frame::bulk(std::move(node.value().second)));
                out.push_back(resp::frame::bulk(format_score(node.value().first)));
            }
            if (z->scores.empty()) k.erase(a[1].text);
            return resp::frame::array(std::move(out));
        });
    }
    return std::nullopt;
}

}  // namespace mini_redis::detail
