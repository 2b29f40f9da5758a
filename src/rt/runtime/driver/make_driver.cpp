// rt/runtime/driver/make_driver.cpp — see make_driver.hpp.
#include "rt/runtime/driver/make_driver.hpp"

namespace rt::detail {

std::unique_ptr<driver> make_driver(const runtime_config& config) {
    return make_time_driver(config, make_io_driver(config));
}

}  // namespace rt::detail
