// rt.fs — the fs area. Headers are the source of truth: <rt/fs.hpp>.
module;
#include <rt/fs.hpp>
export module rt.fs;
export import rt.core;

export namespace rt::fs {
using rt::fs::area_name;
}  // namespace rt::fs
