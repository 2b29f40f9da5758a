// rt/net/addr/lookup_host.cpp — see lookup_host.hpp.
#include "rt/net/addr/lookup_host.hpp"

#include <netdb.h>

#include <cctype>
#include <charconv>
#include <optional>
#include <system_error>

#include "rt/runtime/blocking/spawn_blocking.hpp"
#include "rt/shim/sync.hpp"

namespace rt::net {
namespace detail {

struct lookup_state {
    shim::mutex mu;
    bool done = false;
    std::vector<socket_addr> addrs;
    int error = 0;  // EAI_* code, or EAI_SYSTEM with sys_errno
    int sys_errno = 0;
    waker waiter;
};

}  // namespace detail

namespace {

class gai_category_t final : public std::error_category {
public:
    const char* name() const noexcept override { return "getaddrinfo"; }
    std::string message(int ev) const override { return ::gai_strerror(ev); }
};

bool split_host_port(const std::string& q, std::string& host, std::string& port) {
    if (!q.empty() && q.front() == '[') {
        const auto close = q.find(']');
        if (close == std::string::npos || close + 1 >= q.size() || q[close + 1] != ':') return false;
        host = q.substr(1, close - 1);
        port = q.substr(close + 2);
        return true;
    }
    const auto colon = q.rfind(':');
    if (colon == std::string::npos) return false;
    host = q.substr(0, colon);
    port = q.substr(colon + 1);
    return true;
}

// True when the port of "host:port" is a number above 65535 (getaddrinfo would wrap it modulo
// 65536: ":70000" became port 4464). Service names ("http") are left to getaddrinfo.
bool port_out_of_range(const std::string& q) {
    std::string host;
    std::string port;
    if (!split_host_port(q, host, port) || port.empty()) return false;
    for (char ch : port) {
        if (ch < '0' || ch > '9') return false;
    }
    unsigned long long value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    return ec != std::errc{} || value > 65535;  // result_out_of_range: far above 65535
}

// RFC 6761 §6.3: name APIs should answer "localhost" (and names under it) with the loopback
// addresses without asking a resolver. A bare container without /etc/hosts would otherwise fail to
// resolve it (or send it to DNS). Only numeric ports take this path; service names go to getaddrinfo.
std::optional<std::vector<socket_addr>> resolve_localhost(const std::string& q) {
    std::string host;
    std::string port;
    if (!split_host_port(q, host, port)) return std::nullopt;
    for (char& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!host.empty() && host.back() == '.') host.pop_back();
    const std::string_view suffix = ".localhost";
    const bool is_local = host == "localhost" ||
                          (host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0);
    if (!is_local || port.empty() || port.size() > 5) return std::nullopt;
    for (char ch : port) {
        if (ch < '0' || ch > '9') return std::nullopt;
    }
    auto v4 = socket_addr::parse("127.0.0.1:" + port);
    auto v6 = socket_addr::parse("[::1]:" + port);
    if (!v4 || !v6) return std::nullopt;  // port above 65535
    return std::vector<socket_addr>{*v4, *v6};
}

void resolve(const std::string& q, detail::lookup_state& st) {
    std::string host;
    std::string port;
    if (!split_host_port(q, host, port)) {
        st.error = EAI_NONAME;
        return;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
    if (rc != 0) {
        st.error = rc;
        st.sys_errno = errno;
        return;
    }
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        if (auto a = socket_addr::from_sockaddr(ai->ai_addr, ai->ai_addrlen)) st.addrs.push_back(*a);
    }
    ::freeaddrinfo(res);
}

}  // namespace

const std::error_category& resolver_category() noexcept {
    static const gai_category_t cat;
    return cat;
}

lookup_host_future::lookup_host_future(std::string host_port) : query_(std::move(host_port)) {}

lookup_host_future::~lookup_host_future() {
    if (!st_) return;
    waker dropped;
    shim::lock_guard<shim::mutex> lock(st_->mu);
    dropped.swap(st_->waiter);  // the helper thread must not wake a task that stopped waiting
}

poll_result<std::vector<socket_addr>> lookup_host_future::poll(context& cx) {
    if (!st_) {
        if (port_out_of_range(query_)) {
            // Tokio: ErrorKind::InvalidInput, "invalid port value".
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "lookup_host " + query_ + ": port out of range (0-65535)");
        }
        if (auto a = socket_addr::parse(query_)) return std::vector<socket_addr>{*a};
        if (auto local = resolve_localhost(query_)) return std::move(*local);
        st_ = std::make_shared<detail::lookup_state>();
        st_->waiter = cx.waker();
        // getaddrinfo blocks: run it on the runtime's blocking pool; the join handle is dropped
        // (the result travels through the shared state, as a detached Tokio spawn_blocking).
        (void)rt::spawn_blocking([st = st_, q = query_] {
            resolve(q, *st);
            waker w;
            {
                shim::lock_guard<shim::mutex> lock(st->mu);
                st->done = true;
                w.swap(st->waiter);
            }
            std::move(w).wake();
        });
        return pending;
    }
    shim::lock_guard<shim::mutex> lock(st_->mu);
    if (!st_->done) {
        if (!st_->waiter.will_wake(cx.waker())) st_->waiter = cx.waker();
        return pending;
    }
    if (st_->error == EAI_SYSTEM) throw std::system_error(st_->sys_errno, std::system_category(), "lookup_host " + query_);
    if (st_->error != 0) throw std::system_error(st_->error, resolver_category(), "lookup_host " + query_);
    return std::move(st_->addrs);
}

}  // namespace rt::net
