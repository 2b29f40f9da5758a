// rt/net/unix/unix_addr.hpp — the address of a Unix-domain socket: a filesystem path or unnamed.
//
// Tokio equivalent: `tokio::net::unix::SocketAddr`. Invariant: `path_` is empty exactly when the
// socket is unnamed (abstract names are not supported).
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <string>
#include <string_view>

namespace rt::net {

/// A Unix socket address. Tokio: `tokio::net::unix::SocketAddr`.
class unix_socket_addr {
public:
    unix_socket_addr() = default;
    explicit unix_socket_addr(std::string path) : path_(std::move(path)) {}
    /// The filesystem path ("" when unnamed). Tokio: `as_pathname`.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// True for an unbound socket (e.g. a client or one end of pair()). Tokio: `is_unnamed`.
    [[nodiscard]] bool is_unnamed() const noexcept { return path_.empty(); }
    friend bool operator==(const unix_socket_addr&, const unix_socket_addr&) = default;

private:
    std::string path_;
};

namespace detail {
/// sockaddr_un for `path`; throws std::system_error(ENAMETOOLONG) when it does not fit.
sockaddr_un make_unix_sockaddr(std::string_view path, socklen_t& len);
/// The path in a sockaddr_un returned by the kernel.
unix_socket_addr unix_addr_from(const sockaddr_un& sa, socklen_t len);
unix_socket_addr unix_local_addr(int fd);
unix_socket_addr unix_peer_addr(int fd);
}  // namespace detail

}  // namespace rt::net
