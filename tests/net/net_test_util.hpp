// tests/net/net_test_util.hpp — byte/text helpers for the net, signal and process tests. Include it
// after support/rt_test.hpp.
#pragma once

namespace rt_test {

inline std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }
inline std::string text(std::span<const std::byte> b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

/// Reads from `s` (anything with read(span) -> future<size_t>) until EOF.
template <class S>
rt::task<std::string> read_to_end(S& s) {
    std::string out;
    std::array<std::byte, 4096> buf;
    while (auto n = co_await s.read(buf)) out += text(std::span(buf).first(n));
    co_return out;
}

/// Reads exactly n bytes (fails the test at EOF).
template <class S>
rt::task<std::string> read_n(S& s, std::size_t n) {
    std::string out;
    std::array<std::byte, 4096> buf;
    while (out.size() < n) {
        auto k = co_await s.read(std::span(buf).first(std::min(buf.size(), n - out.size())));
        if (k == 0) throw std::runtime_error("unexpected EOF after " + std::to_string(out.size()) + " bytes");
        out += text(std::span(buf).first(k));
    }
    co_return out;
}

}  // namespace rt_test

namespace rt_test {

/// Polls `f` exactly once (inside the awaiting task): true when it completed. Destroying `f`
/// afterwards is how the tests cancel a pending operation by hand (as select/timeout do).
template <class F>
struct poll_once {
    F& f;
    rt::poll_result<bool> poll(rt::context& cx) { return f.poll(cx).is_ready(); }
};
template <class F>
poll_once(F&) -> poll_once<F>;

/// Number of open file descriptors of this process.
inline std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

}  // namespace rt_test
