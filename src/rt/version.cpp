// The library's version string; also keeps the static library non-empty before other sources exist.
namespace rt {
const char* version() noexcept { return "0.1.0"; }
}  // namespace rt
