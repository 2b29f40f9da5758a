// rt/net.hpp — the net area (`import rt.net;` exports the same names).
#pragma once

#include "rt/core.hpp"

namespace rt::net {

/// The area's name; a placeholder until the area's types land (see the README status table).
inline constexpr const char* area_name = "net";

}  // namespace rt::net
