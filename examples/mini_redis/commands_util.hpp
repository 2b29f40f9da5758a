// examples/mini_redis/commands_util.hpp — what every command shares: the per-client session state,
// the command name, and Redis's standard error replies (their texts exactly as Redis 7.0 writes
// them). The includer must already have rt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resp.hpp"

namespace mini_redis {

/// The state one client's commands may change: its id, CLIENT SETNAME's name, its peer address.
struct session {
    std::int64_t id = 0;
    std::string name;
    std::string addr;
};

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

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

inline resp::frame wrong_arity(std::string_view name) {
    return resp::frame::error("ERR wrong number of arguments for '" + lower(name) + "' command");
}
inline resp::frame syntax_error() { return resp::frame::error("ERR syntax error"); }
inline resp::frame not_an_integer() { return resp::frame::error("ERR value is not an integer or out of range"); }
inline resp::frame wrong_type() {
    return resp::frame::error("WRONGTYPE Operation against a key holding the wrong kind of value");
}
inline resp::frame unknown_subcommand(std::string_view sub, std::string_view cmd) {
    return resp::frame::error("ERR unknown subcommand '" + std::string(sub.substr(0, 128)) + "'. Try " +
                              std::string(cmd) + " HELP.");
}
/// Redis 7.0: "ERR unknown command 'X', with args beginning with: 'a' 'b' " (each shown arg at
/// most 128 bytes, the list cut at 128 bytes in all).
inline resp::frame unknown_command(const std::vector<resp::frame>& a) {
    std::string args;
    for (std::size_t i = 1; i < a.size() && args.size() < 128; ++i) {
        const std::size_t room = 128 - args.size();
        args += "'" + a[i].text.substr(0, room) + "' ";
    }
    return resp::frame::error("ERR unknown command '" + a[0].text.substr(0, 128) + "', with args beginning with: " + args);
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

}  // namespace detail
}  // namespace mini_redis
