// rt/runtime/driver/make_driver.hpp — builds the driver stack a runtime parks on.
#pragma once

#include <memory>

#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"

namespace rt::detail {

/// The driver stack for `config`: (timer wheel) over (reactor or plain thread parker).
std::unique_ptr<driver> make_driver(const runtime_config& config);

}  // namespace rt::detail
