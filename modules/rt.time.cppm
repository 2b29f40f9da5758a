// rt.time — the time area. Headers are the source of truth: <rt/time.hpp>.
module;
#include <rt/time.hpp>
export module rt.time;
export import rt.core;

export namespace rt::time {
using rt::time::area_name;
}  // namespace rt::time
