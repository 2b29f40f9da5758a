// rt/fs/metadata.hpp — what rt::fs::metadata reports about a file. Tokio: `std::fs::Metadata`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace rt::fs {

/// A file's type, size, permissions and times, as `stat(2)` (or `lstat(2)`) saw them.
struct file_metadata {
    std::filesystem::file_type type = std::filesystem::file_type::none;
    std::uint64_t len = 0;  ///< size in bytes
    std::filesystem::perms permissions = std::filesystem::perms::none;
    std::chrono::system_clock::time_point modified{};
    std::chrono::system_clock::time_point accessed{};

    /// A regular file. Tokio: `Metadata::is_file`.
    [[nodiscard]] bool is_file() const noexcept { return type == std::filesystem::file_type::regular; }
    /// A directory. Tokio: `Metadata::is_dir`.
    [[nodiscard]] bool is_dir() const noexcept { return type == std::filesystem::file_type::directory; }
    /// A symbolic link (only from symlink_metadata). Tokio: `Metadata::is_symlink`.
    [[nodiscard]] bool is_symlink() const noexcept { return type == std::filesystem::file_type::symlink; }
};

/// One entry of a directory listing. Tokio: `tokio::fs::DirEntry`.
struct dir_entry {
    std::filesystem::path path;       ///< the directory joined with the file name
    std::string file_name;            ///< the bare name
    std::filesystem::file_type type;  ///< without following symlinks
};

namespace detail {
/// stat (follow = true) or lstat of `p`; throws std::system_error naming the path.
file_metadata stat_path(const std::filesystem::path& p, bool follow);
/// fstat of an open descriptor.
file_metadata stat_fd(int fd);
/// Throws std::system_error for errno `err`, naming the operation and the path.
[[noreturn]] void throw_errno(int err, const char* what, const std::filesystem::path& p);
}  // namespace detail

}  // namespace rt::fs
