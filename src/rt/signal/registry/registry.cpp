// rt/signal/registry/registry.cpp — see registry.hpp.
#include "rt/signal/registry/registry.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

namespace rt::signal::detail {
namespace {

constexpr int max_signal = 65;

// Written once (before the first sigaction) and read by the handler; never changes after.
int g_pipe_write = -1;

extern "C" void on_signal(int signum) {
    const int saved = errno;  // a handler must not clobber the interrupted code's errno
    const unsigned char b = static_cast<unsigned char>(signum);
    // Non-blocking: a full pipe already holds a wake-up for the dispatcher, so dropping is fine.
    [[maybe_unused]] auto r = ::write(g_pipe_write, &b, 1);
    errno = saved;
}

class registry {
public:
    registry() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) throw std::system_error(errno, std::system_category(), "pipe2(signal self-pipe)");
        ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
        read_fd_ = fds[0];
        g_pipe_write = fds[1];
        // The dispatcher lives as long as the process (the registry is never destroyed).
        shim::thread([this] { dispatch_loop(); }).detach();
    }

    std::shared_ptr<listener> subscribe(int signum) {
        auto l = std::make_shared<listener>();
        l->signum = signum;
        shim::lock_guard<shim::mutex> lock(mu_);
        if (!installed_[signum]) {
            struct sigaction sa {};
            sa.sa_handler = &on_signal;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESTART;
            if (::sigaction(signum, &sa, nullptr) < 0) throw std::system_error(errno, std::system_category(), "sigaction");
            installed_[signum] = true;
        }
        listeners_[signum].push_back(l);
        return l;
    }

    void unsubscribe(const std::shared_ptr<listener>& l) noexcept {
        shim::lock_guard<shim::mutex> lock(mu_);
        auto& v = listeners_[l->signum];
        v.erase(std::remove(v.begin(), v.end(), l), v.end());
    }

private:
    void dispatch_loop() {
        unsigned char buf[128];
        for (;;) {
            const long n = ::read(read_fd_, buf, sizeof buf);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) continue;
                return;  // the pipe cannot close while the process lives; be safe anyway
            }
            for (long i = 0; i < n; ++i) deliver(buf[i]);
        }
    }

    void deliver(int signum) {
        if (signum <= 0 || signum >= max_signal) return;
        std::vector<waker> to_wake;
        {
            shim::lock_guard<shim::mutex> lock(mu_);
            for (const auto& l : listeners_[signum]) {
                shim::lock_guard<shim::mutex> ll(l->mu);
                l->pending = true;
                if (!l->waiter.empty()) to_wake.push_back(std::move(l->waiter));
                l->waiter = waker{};
                l->token = 0;
            }
        }
        for (waker& w : to_wake) std::move(w).wake();
    }

    shim::mutex mu_;  // guards installed_ and listeners_
    bool installed_[max_signal] = {};
    std::vector<std::shared_ptr<listener>> listeners_[max_signal];
    int read_fd_ = -1;
};

registry& the_registry() {
    static registry* r = new registry();  // leaked on purpose: the dispatcher thread uses it until exit
    return *r;
}

bool forbidden(int signum) {
    return signum == SIGKILL || signum == SIGSTOP || signum == SIGSEGV || signum == SIGILL || signum == SIGFPE ||
           signum == SIGBUS;
}

}  // namespace

poll_result<void> listener::poll(context& cx, std::uint64_t& tok) {
    shim::lock_guard<shim::mutex> lock(mu);
    if (pending) {
        pending = false;
        return ready();
    }
    if (!waiter.will_wake(cx.waker())) waiter = cx.waker();
    token = ++next_token;
    tok = token;
    return pending_t{0};
}

void listener::forget(std::uint64_t tok) noexcept {
    waker dropped;
    shim::lock_guard<shim::mutex> lock(mu);
    if (tok == 0 || token != tok) return;
    token = 0;
    dropped.swap(waiter);
}

std::shared_ptr<listener> subscribe(int signum) {
    if (signum <= 0 || signum >= max_signal || forbidden(signum)) {
        throw std::system_error(EINVAL, std::system_category(), "rt::signal: refusing to handle signal " + std::to_string(signum));
    }
    return the_registry().subscribe(signum);
}

void unsubscribe(const std::shared_ptr<listener>& l) noexcept {
    if (l) the_registry().unsubscribe(l);
}

}  // namespace rt::signal::detail
