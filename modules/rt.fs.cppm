// rt.fs — files and directory operations on the blocking pool. Tokio: tokio::fs.
// Headers are the source of truth: <rt/fs.hpp>; this unit only exports names.
module;
#include <rt/fs.hpp>
export module rt.fs;
export import rt.core;

export namespace rt::fs {
using rt::fs::area_name;
using rt::fs::canonicalize;
using rt::fs::copy;
using rt::fs::create_dir;
using rt::fs::create_dir_all;
using rt::fs::dir_entry;
using rt::fs::file;
using rt::fs::hard_link;
using rt::fs::file_metadata;
using rt::fs::metadata;
using rt::fs::open_options;
using rt::fs::path;
using rt::fs::read;
using rt::fs::read_dir;
using rt::fs::read_link;
using rt::fs::read_to_string;
using rt::fs::remove_dir;
using rt::fs::remove_dir_all;
using rt::fs::remove_file;
using rt::fs::rename;
using rt::fs::set_permissions;
using rt::fs::symlink;
using rt::fs::symlink_metadata;
using rt::fs::try_exists;
using rt::fs::write;
}  // namespace rt::fs
