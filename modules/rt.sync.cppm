// rt.sync — the sync area. Headers are the source of truth: <rt/sync.hpp>.
module;
#include <rt/sync.hpp>
export module rt.sync;
export import rt.core;

export namespace rt::sync {
using rt::sync::area_name;
}  // namespace rt::sync
