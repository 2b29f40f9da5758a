// rt/time/driver/make_time_driver.cpp — the timer layer of the driver stack.
// Until the timing wheel lands the stack has no timer layer.
#include "rt/runtime/driver/make_driver.hpp"

namespace rt::detail {

std::unique_ptr<driver> make_time_driver(const runtime_config&, std::unique_ptr<driver> inner) { return inner; }

}  // namespace rt::detail
