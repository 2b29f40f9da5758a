// examples/mini_redis/commands.hpp — turns a client's command frame into the reply frame, for every
// command that is a plain request/response (everything but the pub/sub commands, which change the
// connection's mode and live in connection.hpp). Strings and keys are here; lists in
// commands_lists.hpp; sets, hashes and sorted sets in commands_collections.hpp; connection and server commands (HELLO, CLIENT, COMMAND, INFO...) in
// commands_server.hpp.
//
// Tokio's mini-redis equivalent: `cmd/*.rs` (parse + apply). Invariants: execute() never throws
// for client input — a wrong command, wrong arity or bad argument is an ordinary error reply, and
// the connection goes on; every error text is the one Redis 7.0 writes (issue #16 item 8, checked
// against redis-server 7.0.15). The includer must already have rt (`import rt;` or <rt/rt.hpp>).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands_util.hpp"
#include "commands_collections.hpp"
#include "commands_lists.hpp"
#include "commands_server.hpp"
#include "db.hpp"
#include "resp.hpp"

namespace mini_redis {

namespace detail {

/// An absolute deadline (Unix ms) for `n` in `unit`, as Redis's getExpireMillisecondsOrReply
/// checks it: n > 0, seconds * 1000 and relative + now must not overflow.
inline std::optional<std::int64_t> expire_at(std::int64_t n, bool seconds, bool relative, std::int64_t now) {
    if (n <= 0 || (seconds && n > INT64_MAX / 1000)) return std::nullopt;
    __int128 ms = seconds ? static_cast<__int128>(n) * 1000 : n;
    if (relative) ms += now;
    if (ms <= 0 || ms > INT64_MAX) return std::nullopt;
    return static_cast<std::int64_t>(ms);
}

/// SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL].
inline resp::frame set(db& d, std::vector<resp::frame>& a) {
    if (a.size() < 3) return wrong_arity("SET");
    bool nx = false, xx = false, get = false, keepttl = false;
    int unit = 0;  // 1 EX, 2 PX, 3 EXAT, 4 PXAT
    std::string_view amount;
    for (std::size_t i = 3; i < a.size(); ++i) {
        const std::string& o = a[i].text;
        const bool more = i + 1 < a.size();
        if (iequals(o, "NX") && !xx) {
            nx = true;
        } else if (iequals(o, "XX") && !nx) {
            xx = true;
        } else if (iequals(o, "GET")) {
            get = true;
        } else if (iequals(o, "KEEPTTL") && unit == 0) {
            keepttl = true;
        } else if (more && unit == 0 && !keepttl &&
                   (iequals(o, "EX") || iequals(o, "PX") || iequals(o, "EXAT") || iequals(o, "PXAT"))) {
            unit = iequals(o, "EX") ? 1 : iequals(o, "PX") ? 2 : iequals(o, "EXAT") ? 3 : 4;
            amount = a[++i].text;
        } else {
            return syntax_error();
        }
    }
    return d.with_keys([&](keyspace& k) -> resp::frame {
        std::optional<std::int64_t> deadline;
        if (unit != 0) {
            auto n = db::parse_integer(amount);
            if (!n) return not_an_integer();
            deadline = expire_at(*n, unit == 1 || unit == 3, unit <= 2, k.now_ms());
            if (!deadline) return resp::frame::error("ERR invalid expire time in 'set' command");
        }
        value_entry* old = k.find(a[1].text);
        resp::frame reply = resp::frame::simple("OK");
        if (get) {
            if (old && !old->str()) return wrong_type();
            reply = old ? resp::frame::bulk(*old->str()) : resp::frame::null();
        }
        if ((nx && old) || (xx && !old)) return get ? reply : resp::frame::null();
        const bool past = deadline && *deadline <= k.now_ms();
        if (past) {
            k.erase(a[1].text);  // an EXAT/PXAT in the past: the key is gone at once, as in Redis
        } else {
            k.set(std::move(a[1].text), std::move(a[2].text), deadline, keepttl && old);
        }
        return reply;
    });
}

/// EXPIRE/PEXPIRE key amount [NX | XX | GT | LT].
inline resp::frame expire(db& d, std::string_view name, std::vector<resp::frame>& a) {
    if (a.size() < 3) return wrong_arity(name);
    bool nx = false, xx = false, gt = false, lt = false;
    for (std::size_t i = 3; i < a.size(); ++i) {
        const std::string& o = a[i].text;
        if (iequals(o, "NX")) nx = true;
        else if (iequals(o, "XX")) xx = true;
        else if (iequals(o, "GT")) gt = true;
        else if (iequals(o, "LT")) lt = true;
        else return resp::frame::error("ERR Unsupported option " + o);
    }
    if (nx && (xx || gt || lt)) {
        return resp::frame::error("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (gt && lt) return resp::frame::error("ERR GT and LT options at the same time are not compatible");
    auto n = db::parse_integer(a[2].text);
    if (!n) return not_an_integer();
    return d.with_keys([&](keyspace& k) -> resp::frame {
        const bool seconds = name == "EXPIRE";
        __int128 ms = seconds ? static_cast<__int128>(*n) * 1000 : *n;
        ms += k.now_ms();
        if ((seconds && (*n > INT64_MAX / 1000 || *n < INT64_MIN / 1000)) || ms > INT64_MAX || ms < INT64_MIN) {
            std::string lower(name);
            for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
            return resp::frame::error("ERR invalid expire time in '" + lower + "' command");
        }
        value_entry* e = k.find(a[1].text);
        if (!e) return resp::frame::integer_of(0);
        const auto at = static_cast<std::int64_t>(ms);
        if ((nx && e->deadline) || (xx && !e->deadline) || (gt && (!e->deadline || at <= *e->deadline)) ||
            (lt && e->deadline && at >= *e->deadline)) {
            return resp::frame::integer_of(0);
        }
        if (at <= k.now_ms()) {
            k.erase(a[1].text);
        } else {
            k.set_deadline(a[1].text, at);
        }
        return resp::frame::integer_of(1);
    });
}

/// INCR / DECR / INCRBY / DECRBY.
inline resp::frame incr(db& d, std::string_view name, std::vector<resp::frame>& a) {
    const bool by = name == "INCRBY" || name == "DECRBY";
    if (a.size() != (by ? 3u : 2u)) return wrong_arity(name);
    std::int64_t delta = 1;
    if (by) {
        auto n = db::parse_integer(a[2].text);
        if (!n) return not_an_integer();
        delta = *n;
    }
    if (name[0] == 'D') {
        if (delta == INT64_MIN) return resp::frame::error("ERR decrement would overflow");
        delta = -delta;
    }
    return d.with_keys([&](keyspace& k) -> resp::frame {
        value_entry* e = k.find(a[1].text);
        std::int64_t v = 0;
        if (e) {
            if (!e->str()) return wrong_type();
            auto parsed = db::parse_integer(*e->str());
            if (!parsed) return not_an_integer();
            v = *parsed;
        }
        std::int64_t next = 0;
        if (__builtin_add_overflow(v, delta, &next)) {
            return resp::frame::error("ERR increment or decrement would overflow");
        }
        if (e) {
            *e->str() = std::to_string(next);
        } else {
            k.set(std::move(a[1].text), std::to_string(next), std::nullopt);
        }
        return resp::frame::integer_of(next);
    });
}

/// GET, APPEND, STRLEN, MGET, MSET, DEL, EXISTS, TTL, PTTL, PERSIST, DBSIZE, FLUSHDB/ALL.
inline std::optional<resp::frame> keys_command(db& d, std::string_view name, std::vector<resp::frame>& a) {
    if (name == "GET") {
        if (a.size() != 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (!e) return resp::frame::null();
            if (!e->str()) return wrong_type();
            return resp::frame::bulk(*e->str());
        });
    }
    if (name == "APPEND" || name == "STRLEN") {
        if (a.size() != (name == "APPEND" ? 3u : 2u)) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) -> resp::frame {
            value_entry* e = k.find(a[1].text);
            if (e && !e->str()) return wrong_type();
            if (name == "STRLEN") return resp::frame::integer_of(e ? static_cast<std::int64_t>(e->str()->size()) : 0);
            if (!e) e = k.find_or_add(a[1].text).first;
            if (e->str()->size() + a[2].text.size() > static_cast<std::size_t>(resp::max_bulk_length)) {
                return resp::frame::error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            }
            e->str()->append(a[2].text);
            return resp::frame::integer_of(static_cast<std::int64_t>(e->str()->size()));
        });
    }
    if (name == "MGET") {
        if (a.size() < 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) {
            std::vector<resp::frame> out;
            out.reserve(a.size() - 1);
            for (std::size_t i = 1; i < a.size(); ++i) {
                value_entry* e = k.find(a[i].text);
                out.push_back(e && e->str() ? resp::frame::bulk(*e->str()) : resp::frame::null());
            }
            return resp::frame::array(std::move(out));
        });
    }
    if (name == "MSET") {
        if (a.size() < 3 || a.size() % 2 == 0) return wrong_arity(name);
        d.with_keys([&](keyspace& k) {
            for (std::size_t i = 1; i + 1 < a.size(); i += 2) k.set(std::move(a[i].text), std::move(a[i + 1].text), std::nullopt);
        });
        return resp::frame::simple("OK");
    }
    if (name == "DEL" || name == "EXISTS" || name == "UNLINK") {
        if (a.size() < 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) {
            std::int64_t n = 0;
            for (std::size_t i = 1; i < a.size(); ++i) n += name == "EXISTS" ? k.find(a[i].text) != nullptr : k.erase(a[i].text);
            return resp::frame::integer_of(n);
        });
    }
    if (name == "TTL" || name == "PTTL") {
        if (a.size() != 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) {
            value_entry* e = k.find(a[1].text);
            if (!e) return resp::frame::integer_of(-2);
            if (!e->deadline) return resp::frame::integer_of(-1);
            const std::int64_t left = std::max<std::int64_t>(*e->deadline - k.now_ms(), 0);
            return resp::frame::integer_of(name == "TTL" ? (left + 500) / 1000 : left);
        });
    }
    if (name == "PERSIST") {
        if (a.size() != 2) return wrong_arity(name);
        return d.with_keys([&](keyspace& k) {
            value_entry* e = k.find(a[1].text);
            if (!e || !e->deadline) return resp::frame::integer_of(0);
            k.set_deadline(a[1].text, std::nullopt);
            return resp::frame::integer_of(1);
        });
    }
    if (name == "DBSIZE") {
        if (a.size() != 1) return wrong_arity(name);
        return resp::frame::integer_of(static_cast<std::int64_t>(d.size()));
    }
    if (name == "FLUSHDB" || name == "FLUSHALL") {
        if (a.size() > 2) return wrong_arity(name);
        if (a.size() == 2 && !iequals(a[1].text, "ASYNC") && !iequals(a[1].text, "SYNC")) return syntax_error();
        d.with_keys([](keyspace& k) { k.clear(); });
        return resp::frame::simple("OK");
    }
    return std::nullopt;
}

}  // namespace detail

/// execute() for a command whose upper-cased name the caller already has (command_name(cmd));
/// may move strings out of `cmd`. `s` is the calling client's state (CLIENT, HELLO, SELECT).
inline resp::frame execute_named(db& d, std::string_view name, resp::frame& cmd, session& s) {
    if (name.empty()) return resp::frame::error("ERR Protocol error: expected an array of bulk strings");
    auto& a = cmd.items;
    if (name == "SET") return detail::set(d, a);
    if (auto r = detail::keys_command(d, name, a)) return std::move(*r);
    if (name == "PING") {
        if (a.size() > 2) return detail::wrong_arity(name);
        return a.size() == 2 ? resp::frame::bulk(std::move(a[1].text)) : resp::frame::simple("PONG");
    }
    if (name == "ECHO") {
        if (a.size() != 2) return detail::wrong_arity(name);
        return resp::frame::bulk(std::move(a[1].text));
    }
    if (name == "INCR" || name == "DECR" || name == "INCRBY" || name == "DECRBY") return detail::incr(d, name, a);
    if (name == "EXPIRE" || name == "PEXPIRE") return detail::expire(d, name, a);
    if (name == "PUBLISH") {
        if (a.size() != 3) return detail::wrong_arity(name);
        return resp::frame::integer_of(static_cast<std::int64_t>(d.publish(a[1].text, a[2].text)));
    }
    if (auto r = detail::list_command(d, name, a)) return std::move(*r);
    if (auto r = detail::collection_command(d, name, a)) return std::move(*r);
    if (auto r = detail::server_command(d, name, a, s)) return std::move(*r);
    return detail::unknown_command(a);
}

/// The reply to one request/response command, for a client with default state; "-ERR unknown
/// command" for anything not implemented. Tokio mini-redis: `Command::from_frame` + `apply`.
inline resp::frame execute(db& d, resp::frame cmd) {
    session s;
    const std::string name = command_name(cmd);
    return execute_named(d, name, cmd, s);
}

}  // namespace mini_redis
