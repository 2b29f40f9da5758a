// examples/mini_redis/commands.hpp — turns a client's command frame into the reply frame, for every
// command that is a plain request/response (everything but SUBSCRIBE/UNSUBSCRIBE, which change
// the connection's mode and live in connection.hpp).
//
// Tokio's mini-redis equivalent: `cmd/*.rs` (parse + apply). Invariant: execute() never throws for
// client input — a wrong command, wrong arity or bad argument is an ordinary "-ERR ..." reply, and
// the connection goes on. The includer must already have rt (`import rt;` or <rt/rt.hpp>).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.hpp"
#include "resp.hpp"

namespace mini_redis {

/// The command name of a frame, upper-cased ("" when the frame is not an array of bulk strings).
inline std::string command_name(const resp::frame& cmd) {
    if (cmd.type != resp::frame::kind::array || cmd.items.empty()) return {};
    for (const auto& item : cmd.items) {
        if (item.type != resp::frame::kind::bulk && item.type != resp::frame::kind::simple) return {};
    }
    std::string name = cmd.items[0].text;
    for (char& c : name) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return name;
}

namespace detail {

inline resp::frame wrong_arity(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return resp::frame::error("ERR wrong number of arguments for '" + lower + "' command");
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
        if (x != y) return false;
    }
    return true;
}

/// SET key value [EX seconds | PX milliseconds]; moves the key and value out of the command.
inline resp::frame set(db& d, std::vector<resp::frame>& a) {
    if (a.size() != 3 && a.size() != 5) return wrong_arity("SET");
    std::optional<rt::time::instant> deadline;
    if (a.size() == 5) {
        const bool ex = iequals(a[3].text, "EX");
        if (!ex && !iequals(a[3].text, "PX")) return resp::frame::error("ERR syntax error");
        auto n = db::parse_integer(a[4].text);
        if (!n) return resp::frame::error("ERR value is not an integer or out of range");
        // Redis's own bound on expire times; it also keeps the multiplication below in range.
        if (*n <= 0 || *n > (ex ? 1'000'000'000'000LL : 1'000'000'000'000'000LL)) {
            return resp::frame::error("ERR invalid expire time in 'set' command");
        }
        const auto ttl = ex ? std::chrono::milliseconds(*n * 1000) : std::chrono::milliseconds(*n);
        deadline = rt::time::instant::now() + ttl;  // saturates: never a past instant
    }
    d.set(std::move(a[1].text), std::move(a[2].text), deadline);
    return resp::frame::simple("OK");
}

/// CONFIG GET pattern: the few parameters redis-benchmark asks for ("save", "appendonly"), each
/// with an empty value; anything else is an empty list, as Redis answers for unknown names.
inline resp::frame config(const std::vector<resp::frame>& a) {
    if (a.size() < 2) return wrong_arity("CONFIG");
    if (!iequals(a[1].text, "GET")) return resp::frame::error("ERR CONFIG subcommand not supported by mini-redis");
    if (a.size() != 3) return wrong_arity("CONFIG|GET");
    std::vector<resp::frame> out;
    for (std::string_view name : {"save", "appendonly"}) {
        if (a[2].text == "*" || iequals(a[2].text, name)) {
            out.push_back(resp::frame::bulk(std::string(name)));
            out.push_back(resp::frame::bulk(name == "appendonly" ? "no" : ""));
        }
    }
    return resp::frame::array(std::move(out));
}

}  // namespace detail

/// execute() for a command whose upper-cased name the caller already has (command_name(cmd));
/// may move strings out of `cmd`.
inline resp::frame execute_named(db& d, std::string_view name, resp::frame& cmd) {
    if (name.empty()) return resp::frame::error("ERR Protocol error: expected an array of bulk strings");
    auto& a = cmd.items;
    if (name == "GET") {
        if (a.size() != 2) return detail::wrong_arity(name);
        auto v = d.get(a[1].text);
        return v ? resp::frame::bulk(std::move(*v)) : resp::frame::null();
    }
    if (name == "SET") return detail::set(d, a);
    if (name == "PING") {
        if (a.size() > 2) return detail::wrong_arity(name);
        return a.size() == 2 ? resp::frame::bulk(std::move(a[1].text)) : resp::frame::simple("PONG");
    }
    if (name == "ECHO") {
        if (a.size() != 2) return detail::wrong_arity(name);
        return resp::frame::bulk(std::move(a[1].text));
    }
    if (name == "DEL" || name == "EXISTS") {
        if (a.size() < 2) return detail::wrong_arity(name);
        std::int64_t n = 0;
        for (std::size_t i = 1; i < a.size(); ++i) n += name == "DEL" ? d.del(a[i].text) : d.exists(a[i].text);
        return resp::frame::integer_of(n);
    }
    if (name == "INCR" || name == "DECR") {
        if (a.size() != 2) return detail::wrong_arity(name);
        auto v = d.incr(a[1].text, name == "INCR" ? 1 : -1);
        if (!v) return resp::frame::error("ERR value is not an integer or out of range");
        return resp::frame::integer_of(*v);
    }
    if (name == "PUBLISH") {
        if (a.size() != 3) return detail::wrong_arity(name);
        return resp::frame::integer_of(static_cast<std::int64_t>(d.publish(a[1].text, std::move(a[2].text))));
    }
    if (name == "CONFIG") return detail::config(a);
    if (name == "DBSIZE") {
        if (a.size() != 1) return detail::wrong_arity(name);
        return resp::frame::integer_of(static_cast<std::int64_t>(d.size()));
    }
    std::string shown = a[0].text.substr(0, 128);
    return resp::frame::error("ERR unknown command '" + shown + "'");
}

/// The reply to one request/response command (PING, ECHO, GET, SET, DEL, EXISTS, INCR, DECR,
/// PUBLISH, CONFIG GET, DBSIZE); "-ERR unknown command" for anything else. Tokio mini-redis:
/// `Command::from_frame` + `Command::apply`.
inline resp::frame execute(db& d, resp::frame cmd) {
    const std::string name = command_name(cmd);
    return execute_named(d, name, cmd);
}

}  // namespace mini_redis
