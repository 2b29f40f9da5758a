// rt/fs/ops.cpp — the blocking bodies of rt::fs's free functions (see ops.hpp).
#include "rt/fs/ops.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "rt/runtime/blocking/spawn_blocking.hpp"

namespace rt::fs {
namespace detail {
namespace {

std::chrono::system_clock::time_point to_time_point(const timespec& ts) {
    using namespace std::chrono;
    return system_clock::time_point(duration_cast<system_clock::duration>(seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec)));
}

std::filesystem::file_type type_of(mode_t mode) {
    using std::filesystem::file_type;
    if (S_ISREG(mode)) return file_type::regular;
    if (S_ISDIR(mode)) return file_type::directory;
    if (S_ISLNK(mode)) return file_type::symlink;
    if (S_ISBLK(mode)) return file_type::block;
    if (S_ISCHR(mode)) return file_type::character;
    if (S_ISFIFO(mode)) return file_type::fifo;
    if (S_ISSOCK(mode)) return file_type::socket;
    return file_type::unknown;
}

file_metadata from_stat(const struct stat& st) {
    file_metadata m;
    m.type = type_of(st.st_mode);
    m.len = static_cast<std::uint64_t>(st.st_size);
    m.permissions = static_cast<std::filesystem::perms>(st.st_mode & 07777);
    m.modified = to_time_point(st.st_mtim);
    m.accessed = to_time_point(st.st_atim);
    return m;
}

/// An fd closed on scope exit.
struct fd_guard {
    int fd;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

int open_or_throw(const path& p, int flags, mode_t mode = 0666) {
    int fd;
    do {
        fd = ::open(p.c_str(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw_errno(errno, "open", p);
    return fd;
}

template <class Buffer>
Buffer read_whole(const path& p) {
    fd_guard f{open_or_throw(p, O_RDONLY)};
    Buffer out;
    struct stat st{};
    if (::fstat(f.fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
    char chunk[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(f.fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "read", p);
        }
        if (n == 0) return out;
        const auto* bytes = reinterpret_cast<const typename Buffer::value_type*>(chunk);
        out.insert(out.end(), bytes, bytes + n);
    }
}

void write_whole(const path& p, const char* data, std::size_t len) {
    fd_guard f{open_or_throw(p, O_WRONLY | O_CREAT | O_TRUNC)};
    while (len > 0) {
        const ssize_t n = ::write(f.fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "write", p);
        }
        data += n;
        len -= static_cast<std::size_t>(n);
    }
}

}  // namespace

void throw_errno(int err, const char* what, const path& p) {
    throw std::system_error(err, std::generic_category(), std::string(what) + " " + p.string());
}

file_metadata stat_path(const path& p, bool follow) {
    struct stat st{};
    if ((follow ? ::stat(p.c_str(), &st) : ::lstat(p.c_str(), &st)) != 0) throw_errno(errno, "stat", p);
    return from_stat(st);
}

file_metadata stat_fd(int fd) {
    struct stat st{};
    if (::fstat(fd, &st) != 0) throw std::system_error(errno, std::generic_category(), "fstat");
    return from_stat(st);
}

}  // namespace detail

join_handle<std::vector<std::byte>> read(path p) {
    return spawn_blocking([p = std::move(p)] { return detail::read_whole<std::vector<std::byte>>(p); });
}

join_handle<std::string> read_to_string(path p) {
    return spawn_blocking([p = std::move(p)] { return detail::read_whole<std::string>(p); });
}

join_handle<void> write(path p, std::span<const std::byte> data) {
    return spawn_blocking([p = std::move(p), bytes = std::vector<std::byte>(data.begin(), data.end())] {
        detail::write_whole(p, reinterpret_cast<const char*>(bytes.data()), bytes.size());
    });
}

join_handle<void> write(path p, std::string_view text) {
    return spawn_blocking([p = std::move(p), s = std::string(text)] { detail::write_whole(p, s.data(), s.size()); });
}

join_handle<void> create_dir(path p) {
    return spawn_blocking([p = std::move(p)] {
        if (::mkdir(p.c_str(), 0777) != 0) detail::throw_errno(errno, "mkdir", p);
    });
}

join_handle<void> create_dir_all(path p) {
    return spawn_blocking([p = std::move(p)] { std::filesystem::create_directories(p); });
}

join_handle<void> remove_file(path p) {
    return spawn_blocking([p = std::move(p)] {
        if (::unlink(p.c_str()) != 0) detail::throw_errno(errno, "unlink", p);
    });
}

join_handle<void> remove_dir(path p) {
    return spawn_blocking([p = std::move(p)] {
        if (::rmdir(p.c_str()) != 0) detail::throw_errno(errno, "rmdir", p);
    });
}

join_handle<void> remove_dir_all(path p) {
    return spawn_blocking([p = std::move(p)] {
        if (!std::filesystem::is_directory(std::filesystem::symlink_status(p))) {
            detail::throw_errno(ENOTDIR, "remove_dir_all", p);
        }
        std::filesystem::remove_all(p);
    });
}

join_handle<void> rename(path from, path to) {
    return spawn_blocking([from = std::move(from), to = std::move(to)] {
        if (::rename(from.c_str(), to.c_str()) != 0) detail::throw_errno(errno, "rename", from);
    });
}

join_handle<std::uint64_t> copy(path from, path to) {
    return spawn_blocking([from = std::move(from), to = std::move(to)] {
        std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
        return static_cast<std::uint64_t>(std::filesystem::file_size(to));
    });
}

join_handle<fs::file_metadata> metadata(path p) {
    return spawn_blocking([p = std::move(p)] { return detail::stat_path(p, true); });
}

join_handle<fs::file_metadata> symlink_metadata(path p) {
    return spawn_blocking([p = std::move(p)] { return detail::stat_path(p, false); });
}

join_handle<std::vector<dir_entry>> read_dir(path p) {
    return spawn_blocking([p = std::move(p)] {
        std::vector<dir_entry> entries;
        for (const auto& e : std::filesystem::directory_iterator(p)) {
            entries.push_back({e.path(), e.path().filename().string(), e.symlink_status().type()});
        }
        return entries;
    });
}

join_handle<path> canonicalize(path p) {
    return spawn_blocking([p = std::move(p)] { return std::filesystem::canonical(p); });
}

join_handle<bool> try_exists(path p) {
    return spawn_blocking([p = std::move(p)] {
        struct stat st{};
        if (::stat(p.c_str(), &st) == 0) return true;
        if (errno == ENOENT) return false;
        detail::throw_errno(errno, "stat", p);
    });
}

join_handle<void> hard_link(path target, path link) {
    return spawn_blocking([target = std::move(target), link = std::move(link)] {
        if (::link(target.c_str(), link.c_str()) != 0) detail::throw_errno(errno, "link", link);
    });
}

join_handle<void> symlink(path target, path link) {
    return spawn_blocking([target = std::move(target), link = std::move(link)] {
        if (::symlink(target.c_str(), link.c_str()) != 0) detail::throw_errno(errno, "symlink", link);
    });
}

join_handle<path> read_link(path p) {
    return spawn_blocking([p = std::move(p)] { return std::filesystem::read_symlink(p); });
}

join_handle<void> set_permissions(path p, std::filesystem::perms perms) {
    return spawn_blocking([p = std::move(p), perms] {
        if (::chmod(p.c_str(), static_cast<mode_t>(perms) & 07777) != 0) detail::throw_errno(errno, "chmod", p);
    });
}

}  // namespace rt::fs
