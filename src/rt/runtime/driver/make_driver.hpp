// rt/runtime/driver/make_driver.hpp — builds the driver stack a runtime parks on.
#pragma once

#include <memory>

#include "rt/runtime/config.hpp"
#include "rt/runtime/driver/driver.hpp"

namespace rt::detail {

/// The driver stack for `config`: (timer wheel) over (reactor or plain thread parker).
std::unique_ptr<driver> make_driver(const runtime_config& config);

/// The bottom layer: the I/O reactor (defined by the io area, src/rt/io/reactor/).
std::unique_ptr<driver> make_io_driver(const runtime_config& config);
/// The timer layer over `inner` (defined by the time area, src/rt/time/).
std::unique_ptr<driver> make_time_driver(const runtime_config& config, std::unique_ptr<driver> inner);

}  // namespace rt::detail
