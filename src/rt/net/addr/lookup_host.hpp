// rt/net/addr/lookup_host.hpp — resolve "host:port" to socket addresses without blocking a worker.
//
// Tokio equivalent: `tokio::net::lookup_host` (getaddrinfo on the blocking pool). Numeric
// addresses resolve inline; names run getaddrinfo on the runtime's blocking pool and hand the
// result over through a shared state. Invariant: dropping the future never blocks; the blocking
// call finishes on its own and drops the result.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rt/core/poll.hpp"
#include "rt/core/waker.hpp"
#include "rt/net/addr/socket_addr.hpp"

namespace rt::net {

namespace detail {
struct lookup_state;
}

/// Future of lookup_host: the addresses (IPv4 and IPv6), or std::system_error when resolution fails.
class lookup_host_future {
public:
    explicit lookup_host_future(std::string host_port);
    lookup_host_future(lookup_host_future&&) noexcept = default;
    ~lookup_host_future();
    poll_result<std::vector<socket_addr>> poll(context& cx);

private:
    std::string query_;
    std::shared_ptr<detail::lookup_state> st_;
};

/// Resolves "host:port" ("localhost:80", "[::1]:80", "10.0.0.1:53"). Tokio: `net::lookup_host`.
inline lookup_host_future lookup_host(std::string_view host_port) { return lookup_host_future(std::string(host_port)); }

/// The std::error_category of getaddrinfo's EAI_* codes.
const std::error_category& resolver_category() noexcept;

}  // namespace rt::net
