// rt/io/reactor/make_io_driver.cpp — the bottom of every runtime's driver stack: the epoll reactor.
//
// The driver is a thin shell over a shared reactor_core: sockets hold the core too, so they can
// outlive the runtime (their operations then fail with ready_shutdown). Invariant: only one
// thread at a time parks here (the scheduler hands the driver to one idle worker).
#include <memory>

#include "rt/io/reactor/reactor.hpp"
#include "rt/runtime/driver/make_driver.hpp"

namespace rt::detail {
namespace {

class epoll_driver final : public driver {
public:
    epoll_driver() : core_(std::make_shared<io::detail::reactor_core>()) {}
    void park(std::optional<std::chrono::nanoseconds> timeout) override {
        core_->turn(timeout);
    }
    void unpark() override { core_->unpark(); }
    void shutdown() override { core_->shutdown(); }
    void enter(thread_state& ts) override { ts.io_driver = core_.get(); }

private:
    std::shared_ptr<io::detail::reactor_core> core_;
};

}  // namespace

std::unique_ptr<driver> make_io_driver(const runtime_config&) { return std::make_unique<epoll_driver>(); }

}  // namespace rt::detail
