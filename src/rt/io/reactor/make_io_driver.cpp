// rt/io/reactor/make_io_driver.cpp — the bottom of every runtime's driver stack.
// Until the epoll reactor lands this is the plain thread parker.
#include "rt/runtime/driver/make_driver.hpp"
#include "rt/runtime/driver/thread_parker.hpp"

namespace rt::detail {

std::unique_ptr<driver> make_io_driver(const runtime_config&) { return std::make_unique<thread_parker>(); }

}  // namespace rt::detail
