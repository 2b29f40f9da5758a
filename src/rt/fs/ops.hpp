// rt/fs/ops.hpp — whole-file and directory operations, run on the blocking pool.
//
// Tokio: the free functions of `tokio::fs`. Each call starts the operation on the runtime's
// blocking pool at once and returns its join_handle: `co_await` it for the result; errors throw
// std::system_error (std::filesystem::filesystem_error for the directory functions) naming the path.
// Cancel safety: dropping the handle does not stop the operation (it cannot be interrupted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rt/fs/metadata.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt::fs {

using path = std::filesystem::path;

/// The whole contents of a file. Tokio: `fs::read`.
join_handle<std::vector<std::byte>> read(path p);
/// The whole contents of a file as text (not validated). Tokio: `fs::read_to_string`.
join_handle<std::string> read_to_string(path p);
/// Creates or truncates a file and writes `data` (copied). Tokio: `fs::write`.
join_handle<void> write(path p, std::span<const std::byte> data);
/// Creates or truncates a file and writes `text` (copied). Tokio: `fs::write`.
join_handle<void> write(path p, std::string_view text);
/// Creates a directory; its parent must exist. Tokio: `fs::create_dir`.
join_handle<void> create_dir(path p);
/// Creates a directory and every missing parent. Tokio: `fs::create_dir_all`.
join_handle<void> create_dir_all(path p);
/// Removes a file or symlink. Tokio: `fs::remove_file`.
join_handle<void> remove_file(path p);
/// Removes an empty directory. Tokio: `fs::remove_dir`.
join_handle<void> remove_dir(path p);
/// Removes a directory and everything below it. Tokio: `fs::remove_dir_all`.
join_handle<void> remove_dir_all(path p);
/// Renames (moves) a file or directory, replacing `to` if it exists. Tokio: `fs::rename`.
join_handle<void> rename(path from, path to);
/// Copies a file's contents and permissions; the number of bytes copied. Tokio: `fs::copy`.
join_handle<std::uint64_t> copy(path from, path to);
/// Metadata, following symlinks. Tokio: `fs::metadata`.
join_handle<fs::file_metadata> metadata(path p);
/// Metadata of the link itself. Tokio: `fs::symlink_metadata`.
join_handle<fs::file_metadata> symlink_metadata(path p);
/// The entries of a directory (without "." and ".."), in directory order. Tokio: `fs::read_dir`.
join_handle<std::vector<dir_entry>> read_dir(path p);
/// The absolute path with symlinks resolved. Tokio: `fs::canonicalize`.
join_handle<path> canonicalize(path p);
/// Whether the path exists (errors other than "not found" throw). Tokio: `fs::try_exists`.
join_handle<bool> try_exists(path p);
/// Creates a hard link `link` to `target`. Tokio: `fs::hard_link`.
join_handle<void> hard_link(path target, path link);
/// Creates a symbolic link `link` pointing to `target`. Tokio: `fs::symlink`.
join_handle<void> symlink(path target, path link);
/// Where a symbolic link points. Tokio: `fs::read_link`.
join_handle<path> read_link(path p);
/// Sets a file's permission bits. Tokio: `fs::set_permissions`.
join_handle<void> set_permissions(path p, std::filesystem::perms perms);

}  // namespace rt::fs
