// rt/io/reactor/io_source.cpp — see io_source.hpp.
#include "rt/io/reactor/io_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "rt/core/error.hpp"

namespace rt::io::detail {

void raise_os_error(const char* what) { throw std::system_error(errno, std::system_category(), what); }
void raise_os_error(int err, const char* what) { throw std::system_error(err, std::system_category(), what); }

io_source::io_source(int fd) : fd_(fd) {
    try {
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) raise_os_error("fcntl(O_NONBLOCK)");
        core_ = reactor_core::current();
        io_ = core_->add(fd);
    } catch (...) {
        ::close(fd);
        fd_ = -1;
        core_.reset();
        throw;
    }
}

int io_source::release() noexcept {
    if (io_) core_->remove(std::exchange(io_, nullptr));
    core_.reset();
    return std::exchange(fd_, -1);
}

void io_source::reset() noexcept {
    const int fd = release();
    if (fd >= 0) ::close(fd);
}

poll_result<ready_event> io_source::poll_ready(context& cx, direction d, io_waiter& w) {
    if (!io_) throw usage_error("rt: I/O on a closed or moved-from object");
    auto r = io_->poll_ready(cx, d, w);
    if (r.is_ready() && (r.value().ready & ready_shutdown)) {
        throw std::system_error(std::make_error_code(std::errc::operation_canceled),
                                "rt: the runtime that owns this I/O object has shut down");
    }
    return r;
}

}  // namespace rt::io::detail
