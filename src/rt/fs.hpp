// rt/fs.hpp — the fs area (`import rt.fs;` exports the same names): files and directory operations
// run on the runtime's blocking pool. Tokio: `tokio::fs`.
#pragma once

#include "rt/core.hpp"
#include "rt/fs/file.hpp"
#include "rt/fs/metadata.hpp"
#include "rt/fs/ops.hpp"

namespace rt::fs {

/// The area's name (kept for the build's smoke test, like the other areas).
inline constexpr const char* area_name = "fs";

}  // namespace rt::fs
