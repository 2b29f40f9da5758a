// rt/sync.hpp — the sync area (`import rt.sync;` exports the same names).
#pragma once

#include "rt/core.hpp"

namespace rt::sync {

/// The area's name; a placeholder until the area's types land (see the README status table).
inline constexpr const char* area_name = "sync";

}  // namespace rt::sync
