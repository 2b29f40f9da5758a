// rt/io/reactor/reactor.cpp — see reactor.hpp.
#include "rt/io/reactor/reactor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <system_error>

#include "rt/core/error.hpp"
#include "rt/core/thread_state.hpp"

namespace rt::io::detail {
namespace {

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::system_category(), what); }

std::uint32_t bits_of(std::uint32_t events) noexcept {
    std::uint32_t bits = 0;
    if (events & EPOLLIN) bits |= ready_readable;
    if (events & EPOLLOUT) bits |= ready_writable;
    if (events & EPOLLRDHUP) bits |= ready_read_closed;
    if (events & EPOLLHUP) bits |= ready_read_closed | ready_write_closed;
    if (events & EPOLLERR) bits |= ready_error;
    return bits;
}

}  // namespace

reactor_core::reactor_core() {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) throw_errno("epoll_create1");
    eventfd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (eventfd_ < 0) {
        const int e = errno;
        ::close(epfd_);
        throw std::system_error(e, std::system_category(), "eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;  // level-triggered: the turn drains it
    ev.data.ptr = nullptr;  // null marks the unpark eventfd
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, eventfd_, &ev) < 0) {
        const int e = errno;
        ::close(eventfd_);
        ::close(epfd_);
        throw std::system_error(e, std::system_category(), "epoll_ctl(eventfd)");
    }
}

reactor_core::~reactor_core() {
    for (scheduled_io* io : release_) delete io;
    ::close(eventfd_);
    ::close(epfd_);
}

scheduled_io* reactor_core::add(int fd) {
    auto* io = new scheduled_io(fd);
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        if (shut_down_) {
            delete io;
            throw usage_error("rt: the runtime that owns this I/O reactor has shut down");
        }
        io->next = live_;
        if (live_) live_->prev = io;
        live_ = io;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = io;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
        const int e = errno;
        remove(io);
        throw std::system_error(e, std::system_category(), "epoll_ctl(ADD)");
    }
    return io;
}

void reactor_core::remove(scheduled_io* io) noexcept {
    // Before the fd is closed, so the kernel never reports it again (a failure means the fd was
    // never added or is already gone, which is just as good).
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, io->fd(), nullptr);
    // No waiter may keep pointing to a registration that is about to be freed: unregister (and
    // wake) them all now. Their io_source no longer points here, so they cannot register again.
    io->detach_waiters();
    shim::lock_guard<shim::mutex> lock(mu_);
    if (io->prev) io->prev->next = io->next;
    if (io->next) io->next->prev = io->prev;
    if (live_ == io) live_ = io->next;
    io->prev = io->next = nullptr;
    release_.push_back(io);
}

void reactor_core::turn(std::optional<std::chrono::nanoseconds> timeout) {
    {
        // Whatever was removed before this turn cannot be in this turn's events (epoll_ctl DEL
        // and epoll_wait serialise in the kernel), and the previous turn has finished.
        std::vector<scheduled_io*> to_free;
        {
            shim::lock_guard<shim::mutex> lock(mu_);
            to_free.swap(release_);
        }
        for (scheduled_io* io : to_free) delete io;
    }
    epoll_event events[256];
    const int n = wait(events, 256, timeout);
    if (n < 0) {
        if (errno == EINTR) return;
        throw_errno("epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
        auto* io = static_cast<scheduled_io*>(events[i].data.ptr);
        if (io == nullptr) {
            // One read resets the counter (not a semaphore eventfd); a write after it makes the
            // level-triggered eventfd report again at the next turn.
            std::uint64_t v;
            [[maybe_unused]] auto r = ::read(eventfd_, &v, sizeof v);
            continue;
        }
        io->set_readiness(bits_of(events[i].events));
    }
}

int reactor_core::wait(epoll_event* events, int max, std::optional<std::chrono::nanoseconds> timeout) {
    const long long ns = timeout ? std::max<long long>(timeout->count(), 0) : -1;
    if (ns > 0 && ns % 1'000'000 != 0 && precise_wait_.load(std::memory_order_relaxed)) {
        // A timer deadline rarely falls on a whole millisecond: epoll_pwait2 sleeps exactly until
        // it, where epoll_wait would round up and wake a timer up to 1 ms late.
        timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
        const int n = ::epoll_pwait2(epfd_, events, max, &ts, nullptr);
        if (n >= 0 || errno != ENOSYS) return n;
        // relaxed: a hint only; every thread that sees the old value just retries once.
        precise_wait_.store(false, std::memory_order_relaxed);  // kernel older than 5.11
    }
    // Round up so a short timer is never polled early in a busy loop.
    const int ms = ns < 0 ? -1 : static_cast<int>(std::min<long long>((ns + 999'999) / 1'000'000, 1'000'000'000));
    return ::epoll_wait(epfd_, events, max, ms);
}

void reactor_core::unpark() noexcept {
    const std::uint64_t one = 1;
    // EAGAIN means the counter is saturated: a wake is pending anyway.
    [[maybe_unused]] auto r = ::write(eventfd_, &one, sizeof one);
}

void reactor_core::shutdown() {
    std::vector<scheduled_io*> live;
    {
        shim::lock_guard<shim::mutex> lock(mu_);
        shut_down_ = true;
        for (scheduled_io* io = live_; io; io = io->next) live.push_back(io);
    }
    // Registrations are only freed by turn() and the destructor, which do not run concurrently
    // with shutdown (it runs on the thread that owns the driver), so the pointers stay valid.
    for (scheduled_io* io : live) io->set_readiness(ready_shutdown);
}

std::shared_ptr<reactor_core> reactor_core::current() {
    void* p = rt::detail::tls().io_driver;
    if (!p) throw usage_error("rt: this I/O object needs a runtime; create it inside runtime::block_on or a task");
    return static_cast<reactor_core*>(p)->shared_from_this();
}

}  // namespace rt::io::detail
