// rt/time/driver/make_time_driver.cpp — the timer layer of every runtime's driver stack.
#include <memory>

#include "rt/core/error.hpp"
#include "rt/runtime/driver/make_driver.hpp"
#include "rt/time/driver/time_driver.hpp"

namespace rt::detail {

std::unique_ptr<driver> make_time_driver(const runtime_config& config, std::unique_ptr<driver> inner) {
    if (config.start_paused && config.flavor != flavor::current_thread) {
        // Tokio: "start_paused ... only supported on the current_thread runtime".
        throw usage_error("rt::runtime::builder: start_paused(true) needs the current_thread flavour "
                          "(paused time is only supported on current_thread runtimes, as in Tokio)");
    }
    return std::make_unique<time::detail::time_driver>(config, std::move(inner));
}

}  // namespace rt::detail
