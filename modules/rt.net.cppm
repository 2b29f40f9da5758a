// rt.net — the net area. Headers are the source of truth: <rt/net.hpp>.
module;
#include <rt/net.hpp>
export module rt.net;
export import rt.core;

export namespace rt::net {
using rt::net::area_name;
}  // namespace rt::net
