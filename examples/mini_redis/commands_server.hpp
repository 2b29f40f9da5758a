// examples/mini_redis/commands_server.hpp — the connection and server commands real clients send
// before or around their work: HELLO (protocol 2 only), SELECT 0, CLIENT SETNAME/GETNAME/ID,
// COMMAND (COUNT, INFO, and the plain list redis-cli reads for its hints), CONFIG GET (what
// redis-benchmark asks for), and INFO (server, clients, memory, stats, keyspace sections).
// Invariant: the texts and reply shapes are Redis 7.0's; what mini-redis lacks is an error, never
// a reply that a client could mistake for support. The includer must already have rt.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "commands_util.hpp"
#include "db.hpp"
#include "resp.hpp"

namespace mini_redis {

/// The Redis version mini-redis answers as (what clients check features against).
inline constexpr std::string_view redis_version = "7.0.0";

namespace detail {

/// One row of COMMAND: name, arity (negative: at least), flags, first key, last key, key step.
struct command_info {
    std::string_view name;
    int arity;
    std::vector<std::string_view> flags;
    int first, last, step;
};

inline const std::vector<command_info>& command_table() {
    static const std::vector<command_info> table = {
        {"get", 2, {"readonly", "fast"}, 1, 1, 1},
        {"set", -3, {"write", "denyoom"}, 1, 1, 1},
        {"del", -2, {"write"}, 1, -1, 1},
        {"unlink", -2, {"write", "fast"}, 1, -1, 1},
        {"exists", -2, {"readonly", "fast"}, 1, -1, 1},
        {"incr", 2, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"decr", 2, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"incrby", 3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"decrby", 3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"append", 3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"strlen", 2, {"readonly", "fast"}, 1, 1, 1},
        {"mget", -2, {"readonly", "fast"}, 1, -1, 1},
        {"mset", -3, {"write", "denyoom"}, 1, -1, 2},
        {"ttl", 2, {"readonly", "fast"}, 1, 1, 1},
        {"pttl", 2, {"readonly", "fast"}, 1, 1, 1},
        {"expire", -3, {"write", "fast"}, 1, 1, 1},
        {"pexpire", -3, {"write", "fast"}, 1, 1, 1},
        {"persist", 2, {"write", "fast"}, 1, 1, 1},
        {"lpush", -3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"rpush", -3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"lpop", -2, {"write", "fast"}, 1, 1, 1},
        {"rpop", -2, {"write", "fast"}, 1, 1, 1},
        {"lrange", 4, {"readonly"}, 1, 1, 1},
        {"llen", 2, {"readonly", "fast"}, 1, 1, 1},
        {"sadd", -3, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"scard", 2, {"readonly", "fast"}, 1, 1, 1},
        {"sismember", 3, {"readonly", "fast"}, 1, 1, 1},
        {"smembers", 2, {"readonly"}, 1, 1, 1},
        {"spop", -2, {"write", "fast"}, 1, 1, 1},
        {"hset", -4, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"hget", 3, {"readonly", "fast"}, 1, 1, 1},
        {"hlen", 2, {"readonly", "fast"}, 1, 1, 1},
        {"hgetall", 2, {"readonly"}, 1, 1, 1},
        {"zadd", -4, {"write", "denyoom", "fast"}, 1, 1, 1},
        {"zcard", 2, {"readonly", "fast"}, 1, 1, 1},
        {"zscore", 3, {"readonly", "fast"}, 1, 1, 1},
        {"zpopmin", -2, {"write", "fast"}, 1, 1, 1},
        {"dbsize", 1, {"readonly", "fast"}, 0, 0, 0},
        {"flushdb", -1, {"write"}, 0, 0, 0},
        {"flushall", -1, {"write"}, 0, 0, 0},
        {"select", 2, {"loading", "stale", "fast"}, 0, 0, 0},
        {"ping", -1, {"fast"}, 0, 0, 0},
        {"echo", 2, {"fast"}, 0, 0, 0},
        {"quit", -1, {"allow_busy", "noscript", "loading", "stale", "fast"}, 0, 0, 0},
        {"hello", -1, {"noscript", "loading", "stale", "fast"}, 0, 0, 0},
        {"client", -2, {}, 0, 0, 0},
        {"command", -1, {"loading", "stale"}, 0, 0, 0},
        {"config", -2, {}, 0, 0, 0},
        {"info", -1, {"loading", "stale"}, 0, 0, 0},
        {"publish", 3, {"pubsub", "loading", "stale", "fast"}, 0, 0, 0},
        {"subscribe", -2, {"pubsub", "noscript", "loading", "stale"}, 0, 0, 0},
        {"unsubscribe", -1, {"pubsub", "noscript", "loading", "stale"}, 0, 0, 0},
        {"psubscribe", -2, {"pubsub", "noscript", "loading", "stale"}, 0, 0, 0},
        {"punsubscribe", -1, {"pubsub", "noscript", "loading", "stale"}, 0, 0, 0},
    };
    return table;
}

inline resp::frame command_row(const command_info& c) {
    std::vector<resp::frame> flags;
    for (auto f : c.flags) flags.push_back(resp::frame::simple(std::string(f)));
    return resp::frame::array({resp::frame::bulk(std::string(c.name)), resp::frame::integer_of(c.arity),
                               resp::frame::array(std::move(flags)), resp::frame::integer_of(c.first),
                               resp::frame::integer_of(c.last), resp::frame::integer_of(c.step), resp::frame::array({}),
                               resp::frame::array({}), resp::frame::array({}), resp::frame::array({})});
}

inline resp::frame command(const std::vector<resp::frame>& a) {
    const auto& table = command_table();
    if (a.size() == 1) {
        std::vector<resp::frame> rows;
        for (const auto& c : table) rows.push_back(command_row(c));
        return resp::frame::array(std::move(rows));
    }
    if (iequals(a[1].text, "COUNT") && a.size() == 2) return resp::frame::integer_of(static_cast<std::int64_t>(table.size()));
    if (iequals(a[1].text, "INFO")) {
        std::vector<resp::frame> rows;
        for (std::size_t i = 2; i < a.size(); ++i) {
            const auto name = lower(a[i].text);
            auto it = std::find_if(table.begin(), table.end(), [&](const command_info& c) { return c.name == name; });
            rows.push_back(it == table.end() ? resp::frame::null() : command_row(*it));
        }
        return resp::frame::array(std::move(rows));
    }
    // COMMAND DOCS included: redis-cli then falls back to its built-in help table for its hints.
    return unknown_subcommand(a[1].text, "COMMAND");
}

/// CONFIG GET pattern: the few parameters redis-benchmark asks for ("save", "appendonly").
inline resp::frame config(const std::vector<resp::frame>& a) {
    if (a.size() < 2) return wrong_arity("CONFIG");
    if (!iequals(a[1].text, "GET")) return unknown_subcommand(a[1].text, "CONFIG");
    if (a.size() < 3) return wrong_arity("CONFIG|GET");
    std::vector<resp::frame> out;
    for (std::string_view name : {"save", "appendonly"}) {
        for (std::size_t i = 2; i < a.size(); ++i) {
            if (a[i].text == "*" || iequals(a[i].text, name)) {
                out.push_back(resp::frame::bulk(std::string(name)));
                out.push_back(resp::frame::bulk(name == "appendonly" ? "no" : ""));
                break;
            }
        }
    }
    return resp::frame::array(std::move(out));
}

/// Resident set size of this process in bytes (0 when /proc is not there).
inline std::int64_t resident_bytes() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

/// INFO [section...]: "# Section\r\nkey:value\r\n..." sections joined by "\r\n".
inline resp::frame info(db& d, const std::vector<resp::frame>& a) {
    auto wanted = [&](std::string_view section) {
        if (a.size() == 1) return true;
        for (std::size_t i = 1; i < a.size(); ++i) {
            if (iequals(a[i].text, section) || iequals(a[i].text, "all") || iequals(a[i].text, "default") ||
                iequals(a[i].text, "everything")) {
                return true;
            }
        }
        return false;
    };
    const auto stats = d.with_stats([](server_stats& s) { return s; });
    const auto [keys, expires] = d.with_keys([](keyspace& k) { return std::pair(k.size(), k.expiring()); });
    const auto [channels, patterns] = d.pubsub_sizes();
    const auto uptime =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - stats.started).count();
    std::vector<std::string> sections;
    if (wanted("server")) {
        sections.push_back("# Server\r\nredis_version:" + std::string(redis_version) +
                           "\r\nredis_mode:standalone\r\nmini_redis:1\r\nmultiplexing_api:epoll\r\nprocess_id:" +
                           std::to_string(getpid()) + "\r\ntcp_port:" + std::to_string(d.opts().port) +
                           "\r\nuptime_in_seconds:" + std::to_string(uptime) +
                           "\r\nuptime_in_days:" + std::to_string(uptime / 86400) + "\r\n");
    }
    if (wanted("clients")) {
        sections.push_back("# Clients\r\nconnected_clients:" + std::to_string(stats.connected_clients) +
                           "\r\nmaxclients:10000\r\nblocked_clients:0\r\npubsub_clients_disconnected_for_buffer_limit:" +
                           std::to_string(stats.pubsub_disconnects) + "\r\n");
    }
    if (wanted("memory")) {
        // mini-redis has no allocator statistics: used_memory is the resident set size too.
        const auto rss = std::to_string(resident_bytes());
        sections.push_back("# Memory\r\nused_memory:" + rss + "\r\nused_memory_rss:" + rss +
                           "\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\npubsub_buffer_limit:" +
                           std::to_string(d.opts().pubsub_buffer_limit) + "\r\n");
    }
    if (wanted("stats")) {
        sections.push_back("# Stats\r\ntotal_connections_received:" + std::to_string(stats.total_connections) +
                           "\r\npubsub_channels:" + std::to_string(channels) + "\r\npubsub_patterns:" +
                           std::to_string(patterns) + "\r\n");
    }
    if (wanted("keyspace")) {
        std::string s = "# Keyspace\r\n";
        if (keys > 0) s += "db0:keys=" + std::to_string(keys) + ",expires=" + std::to_string(expires) + ",avg_ttl=0\r\n";
        sections.push_back(std::move(s));
    }
    std::string out;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        if (i) out += "\r\n";
        out += sections[i];
    }
    return resp::frame::bulk(std::move(out));
}

/// HELLO [2 [SETNAME name]]: protocol 2 only; 3 (RESP3) is refused clearly.
inline resp::frame hello(const std::vector<resp::frame>& a, session& s) {
    if (a.size() >= 2) {
        auto v = db::parse_integer(a[1].text);
        if (!v) return resp::frame::error("ERR Protocol version is not an integer or out of range");
        if (*v != 2) return resp::frame::error("NOPROTO unsupported protocol version");
        for (std::size_t i = 2; i < a.size(); ++i) {
            if (iequals(a[i].text, "SETNAME") && i + 1 < a.size()) {
                s.name = a[++i].text;
            } else {
                return resp::frame::error("ERR Syntax error in HELLO option '" + a[i].text + "'");
            }
        }
    }
    return resp::frame::array({resp::frame::bulk("server"), resp::frame::bulk("redis"), resp::frame::bulk("version"),
                               resp::frame::bulk(std::string(redis_version)), resp::frame::bulk("proto"),
                               resp::frame::integer_of(2), resp::frame::bulk("id"), resp::frame::integer_of(s.id),
                               resp::frame::bulk("mode"), resp::frame::bulk("standalone"), resp::frame::bulk("role"),
                               resp::frame::bulk("master"), resp::frame::bulk("modules"), resp::frame::array({})});
}

inline resp::frame client(const std::vector<resp::frame>& a, session& s) {
    if (a.size() < 2) return wrong_arity("CLIENT");
    const std::string& sub = a[1].text;
    if (iequals(sub, "SETNAME")) {
        if (a.size() != 3) return wrong_arity("CLIENT|SETNAME");
        for (char c : a[2].text) {
            if (c < '!' || c > '~') {
                return resp::frame::error("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        s.name = a[2].text;
        return resp::frame::simple("OK");
    }
    if (iequals(sub, "GETNAME")) {
        if (a.size() != 2) return wrong_arity("CLIENT|GETNAME");
        return s.name.empty() ? resp::frame::null() : resp::frame::bulk(s.name);
    }
    if (iequals(sub, "ID")) {
        if (a.size() != 2) return wrong_arity("CLIENT|ID");
        return resp::frame::integer_of(s.id);
    }
    return unknown_subcommand(sub, "CLIENT");
}

/// The reply to a connection or server command, or nullopt when `name` is not one.
inline std::optional<resp::frame> server_command(db& d, std::string_view name, std::vector<resp::frame>& a, session& s) {
    if (name == "HELLO") return hello(a, s);
    if (name == "CLIENT") return client(a, s);
    if (name == "COMMAND") return command(a);
    if (name == "CONFIG") return config(a);
    if (name == "INFO") return info(d, a);
    if (name == "SELECT") {
        if (a.size() != 2) return wrong_arity(name);
        auto v = db::parse_integer(a[1].text);
        if (!v) return not_an_integer();
        if (*v != 0) return resp::frame::error("ERR DB index is out of range");
        return resp::frame::simple("OK");
    }
    return std::nullopt;
}

}  // namespace detail
}  // namespace mini_redis
