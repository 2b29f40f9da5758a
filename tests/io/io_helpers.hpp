// tests/io/io_helpers.hpp — small streams and conversions the io tests share: byte/string
// conversion, a scripted reader (chunks, wake-and-pending steps, errors), an always-ready
// reader and counting sink (no coop of their own), a writer that fails.
// Include after support/rt_test.hpp.
#pragma once

namespace io_test {

inline std::vector<std::byte> bytes(std::string_view s) {
    auto b = std::as_bytes(std::span<const char>(s.data(), s.size()));
    return {b.begin(), b.end()};
}
inline std::string str(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

/// A reader that plays a script: each step is a chunk of data (handed out, possibly over several
/// reads if the caller's buffer is small), a "wait" (wake at once and return pending: data arrives
/// later), or an error; after the last step it reads end of stream.
class scripted_reader {
public:
    struct wait {};
    struct fail {};
    using step = std::variant<std::string, wait, fail>;

    explicit scripted_reader(std::vector<step> steps) : steps_(steps.begin(), steps.end()) {}

    rt::poll_result<std::size_t> poll_read(rt::context& cx, std::span<std::byte> buf) {
        ++reads;
        if (steps_.empty()) return std::size_t{0};
        auto& s = steps_.front();
        if (std::holds_alternative<wait>(s)) {
            steps_.pop_front();
            cx.waker().wake_by_ref();
            return rt::pending;
        }
        if (std::holds_alternative<fail>(s)) {
            steps_.pop_front();
            throw std::system_error(ECONNRESET, std::generic_category(), "scripted failure");
        }
        auto& data = std::get<std::string>(s);
        std::size_t n = std::min(buf.size(), data.size());
        std::memcpy(buf.data(), data.data(), n);
        data.erase(0, n);
        if (data.empty()) steps_.pop_front();
        return n;
    }
    int reads = 0;

private:
    std::deque<step> steps_;
};

/// Reads `total` bytes of 'x', always ready, spending no coop budget itself.
struct ready_reader {
    std::size_t total;
    rt::poll_result<std::size_t> poll_read(rt::context&, std::span<std::byte> buf) {
        std::size_t n = std::min(buf.size(), total);
        std::fill_n(buf.begin(), n, std::byte{'x'});
        total -= n;
        return n;
    }
};

/// Accepts every write at once, spending no coop budget itself; calls on_write after each.
struct counting_sink {
    std::uint64_t written = 0;
    std::function<void()> on_write;
    rt::poll_result<std::size_t> poll_write(rt::context&, std::span<const std::byte> b) {
        written += b.size();
        if (on_write) on_write();
        return b.size();
    }
    rt::poll_result<void> poll_flush(rt::context&) { return rt::ready(); }
    rt::poll_result<void> poll_shutdown(rt::context&) { return rt::ready(); }
};

/// A writer whose every write fails with EPIPE.
struct failing_writer {
    rt::poll_result<std::size_t> poll_write(rt::context&, std::span<const std::byte>) {
        throw std::system_error(EPIPE, std::generic_category(), "failing_writer");
    }
    rt::poll_result<void> poll_flush(rt::context&) { return rt::ready(); }
    rt::poll_result<void> poll_shutdown(rt::context&) { return rt::ready(); }
};

/// Spawns a task that only sets `flag`: a test of cooperativeness checks that it got to run
/// while an always-ready loop on the same thread was still going.
inline void spawn_flag_setter(std::shared_ptr<std::atomic<bool>> flag) {
    (void)rt::spawn([](std::shared_ptr<std::atomic<bool>> f) -> rt::task<void> {
        f->store(true);
        co_return;
    }, std::move(flag));
}

inline bool has_code(const std::system_error& e, rt::io::errc c) { return e.code() == rt::io::make_error_code(c); }

}  // namespace io_test
