// rt/fs/file.cpp — rt::fs::file and open_options (see file.hpp).
#include "rt/fs/file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

#include "rt/runtime/blocking/spawn_blocking.hpp"

namespace rt::fs {
namespace {

constexpr std::size_t max_chunk = 1024 * 1024;

[[noreturn]] void throw_os(int err, const char* what) { throw std::system_error(err, std::generic_category(), what); }

}  // namespace

struct file::shared_fd {
    int fd;
    explicit shared_fd(int f) noexcept : fd(f) {}
    ~shared_fd() {
        if (fd >= 0) ::close(fd);
    }
};

/// Future: ready when the file has no operation in flight.
struct file::flushed {
    file* f;
    poll_result<void> poll(context& cx) { return f->poll_flush(cx); }
};

join_handle<file> open_options::open(std::filesystem::path p) const {
    int flags = 0;
    if (read_ && (write_ || append_)) {
        flags = O_RDWR;
    } else if (write_ || append_) {
        flags = O_WRONLY;
    } else {
        flags = O_RDONLY;
    }
    if (append_) flags |= O_APPEND;
    if (truncate_) flags |= O_TRUNC;
    if (create_new_) {
        flags |= O_CREAT | O_EXCL;
    } else if (create_) {
        flags |= O_CREAT;
    }
    const unsigned mode = mode_;
    return spawn_blocking([p = std::move(p), flags, mode] {
        int fd;
        do {
            fd = ::open(p.c_str(), flags | O_CLOEXEC, mode);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) detail::throw_errno(errno, "open", p);
        return file(fd);
    });
}

join_handle<file> file::open(std::filesystem::path p) { return open_options().read(true).open(std::move(p)); }

join_handle<file> file::create(std::filesystem::path p) {
    return open_options().write(true).create(true).truncate(true).open(std::move(p));
}

file::file(int fd) : fd_(std::make_shared<shared_fd>(fd)) {}
file::file(file&&) noexcept = default;
file& file::operator=(file&&) noexcept = default;
// An in-flight operation keeps the descriptor alive through its own shared_fd reference; dropping
// its join handle detaches it (a write still completes, as with Tokio).
file::~file() = default;

int file::native_handle() const noexcept { return fd_ ? fd_->fd : -1; }

bool file::poll_inflight(context& cx) {
    if (!inflight_) return true;
    auto r = inflight_->poll(cx);
    if (r.is_pending()) return false;
    op_result res = r.take();
    inflight_.reset();
    const op_kind kind = std::exchange(kind_, op_kind::none);
    buf_ = std::move(res.buf);
    pos_ = 0;
    if (kind == op_kind::read) {
        if (res.err != 0) {
            buf_.clear();
            throw_os(res.err, "read");
        }
        buf_.resize(static_cast<std::size_t>(res.n));
    } else {
        buf_.clear();
        if (res.err != 0) deferred_err_ = res.err;
    }
    return true;
}

void file::start_read(std::size_t want) {
    std::vector<std::byte> buf = std::move(buf_);
    buf.resize(std::min(want, max_chunk));
    kind_ = op_kind::read;
    inflight_.emplace(spawn_blocking([fd = fd_, buf = std::move(buf)]() mutable {
        op_result res;
        ssize_t n;
        do {
            n = ::read(fd->fd, buf.data(), buf.size());
        } while (n < 0 && errno == EINTR);
        if (n < 0) res.err = errno;
        res.n = n < 0 ? 0 : n;
        res.buf = std::move(buf);
        return res;
    }));
}

void file::start_write(std::span<const std::byte> data) {
    // Read data that was buffered but not returned: the descriptor is ahead of the logical position
    // by that much, so the write seeks back first.
    const off_t unread = static_cast<off_t>(buf_.size() - pos_);
    std::vector<std::byte> buf = std::move(buf_);
    buf.assign(data.begin(), data.end());
    kind_ = op_kind::write;
    inflight_.emplace(spawn_blocking([fd = fd_, buf = std::move(buf), unread]() mutable {
        op_result res;
        if (unread != 0 && ::lseek(fd->fd, -unread, SEEK_CUR) < 0) {
            res.err = errno;
        }
        std::size_t done = 0;
        while (res.err == 0 && done < buf.size()) {
            const ssize_t n = ::write(fd->fd, buf.data() + done, buf.size() - done);
            if (n < 0) {
                if (errno != EINTR) res.err = errno;
                continue;
            }
            done += static_cast<std::size_t>(n);
        }
        res.n = static_cast<long long>(done);
        res.buf = std::move(buf);
        return res;
    }));
}

poll_result<std::size_t> file::poll_read(context& cx, std::span<std::byte> out) {
    if (!fd_) throw usage_error("rt::fs::file used after it was moved from");
    for (;;) {
        if (!poll_inflight(cx)) return pending;
        if (deferred_err_ != 0) throw_os(std::exchange(deferred_err_, 0), "write");
        if (out.empty()) return std::size_t{0};
        if (pos_ < buf_.size()) {
            const std::size_t n = std::min(out.size(), buf_.size() - pos_);
            std::copy_n(buf_.data() + pos_, n, out.data());
            pos_ += n;
            return n;
        }
        start_read(out.size());
        if (!poll_inflight(cx)) return pending;
        if (buf_.empty()) return std::size_t{0};  // end of file
    }
}

poll_result<std::size_t> file::poll_write(context& cx, std::span<const std::byte> data) {
    if (!fd_) throw usage_error("rt::fs::file used after it was moved from");
    if (!poll_inflight(cx)) return pending;
    if (deferred_err_ != 0) throw_os(std::exchange(deferred_err_, 0), "write");
    if (data.empty()) return std::size_t{0};
    const std::size_t n = std::min(data.size(), max_chunk);
    start_write(data.first(n));
    return n;
}

poll_result<void> file::poll_flush(context& cx) {
    if (!fd_) throw usage_error("rt::fs::file used after it was moved from");
    if (!poll_inflight(cx)) return pending;
    if (deferred_err_ != 0) throw_os(std::exchange(deferred_err_, 0), "write");
    return ready();
}

task<void> file::sync_all() {
    co_await flushed{this};
    // Named first: g++-12 destroys a lambda temporary inside a co_await expression twice (PR 99576).
    auto done = spawn_blocking([fd = fd_] {
        if (::fsync(fd->fd) != 0) throw_os(errno, "fsync");
    });
    co_await done;
}

task<void> file::sync_data() {
    co_await flushed{this};
    auto done = spawn_blocking([fd = fd_] {
        if (::fdatasync(fd->fd) != 0) throw_os(errno, "fdatasync");
    });
    co_await done;
}

task<void> file::set_len(std::uint64_t len) {
    co_await flushed{this};
    auto done = spawn_blocking([fd = fd_, len] {
        if (::ftruncate(fd->fd, static_cast<off_t>(len)) != 0) throw_os(errno, "ftruncate");
    });
    co_await done;
}

task<fs::file_metadata> file::metadata() {
    co_await flushed{this};
    auto done = spawn_blocking([fd = fd_] { return detail::stat_fd(fd->fd); });
    co_return co_await done;
}

task<std::uint64_t> file::seek(std::int64_t offset, int whence) {
    co_await flushed{this};
    // The descriptor is ahead of the logical position by the unread buffered bytes.
    const auto unread = static_cast<std::int64_t>(buf_.size() - pos_);
    buf_.clear();
    pos_ = 0;
    if (whence == SEEK_CUR) offset -= unread;
    auto done = spawn_blocking([fd = fd_, offset, whence] {
        const off_t at = ::lseek(fd->fd, static_cast<off_t>(offset), whence);
        if (at < 0) throw_os(errno, "lseek");
        return static_cast<std::uint64_t>(at);
    });
    co_return co_await done;
}

}  // namespace rt::fs
