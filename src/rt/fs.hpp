// rt/fs.hpp — the fs area (`import rt.fs;` exports the same names).
#pragma once

#include "rt/core.hpp"

namespace rt::fs {

/// The area's name; a placeholder until the area's types land (see the README status table).
inline constexpr const char* area_name = "fs";

}  // namespace rt::fs
