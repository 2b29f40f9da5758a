// rt/runtime/driver/make_driver.cpp — see make_driver.hpp.
#include "rt/runtime/driver/make_driver.hpp"

#include "rt/runtime/driver/thread_parker.hpp"

namespace rt::detail {

std::unique_ptr<driver> make_driver(const runtime_config&) { return std::make_unique<thread_parker>(); }

}  // namespace rt::detail
