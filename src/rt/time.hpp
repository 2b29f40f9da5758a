// rt/time.hpp — the time area (`import rt.time;` exports the same names).
#pragma once

#include "rt/core.hpp"

namespace rt::time {

/// The area's name; a placeholder until the area's types land (see the README status table).
inline constexpr const char* area_name = "time";

}  // namespace rt::time
