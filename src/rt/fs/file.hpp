// rt/fs/file.hpp — an open file whose reads and writes run on the blocking pool.
//
// Tokio: `tokio::fs::File`. The file satisfies rt::io::async_read / async_write, so every rt::io
// utility works on it. At most one blocking operation is in flight per file: a read fills an
// internal buffer (up to 1 MiB) that later reads drain; a write copies the data into that buffer
// and returns at once, the blocking write happening behind it (flush() waits for it and reports its
// error). Invariant: while an operation is in flight the buffer belongs to it, and the descriptor
// stays open (shared with the operation) even if the file object is destroyed meanwhile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <sys/types.h>
#include <vector>

#include "rt/core/poll.hpp"
#include "rt/core/task.hpp"
#include "rt/core/waker.hpp"
#include "rt/fs/metadata.hpp"
#include "rt/runtime/task/join_handle.hpp"

namespace rt::fs {

class file;

/// How to open a file (Tokio: `tokio::fs::OpenOptions`). Defaults: nothing set; set at least read
/// or write. `co_await rt::fs::open_options().write(true).create(true).open(path)`.
class open_options {
public:
    open_options& read(bool on) { read_ = on; return *this; }
    open_options& write(bool on) { write_ = on; return *this; }
    /// Writes go to the end of the file. Tokio: `append`.
    open_options& append(bool on) { append_ = on; return *this; }
    /// Cuts the file to length 0 when opened for writing. Tokio: `truncate`.
    open_options& truncate(bool on) { truncate_ = on; return *this; }
    /// Creates the file if missing. Tokio: `create`.
    open_options& create(bool on) { create_ = on; return *this; }
    /// Creates the file, failing if it exists. Tokio: `create_new`.
    open_options& create_new(bool on) { create_new_ = on; return *this; }
    /// Permission bits for a created file (default 0666 before umask). Tokio: `mode`.
    open_options& mode(unsigned bits) { mode_ = bits; return *this; }

    /// Opens the file on the blocking pool. Throws std::system_error naming the path.
    [[nodiscard]] join_handle<file> open(std::filesystem::path p) const;

private:
    bool read_ = false, write_ = false, append_ = false, truncate_ = false, create_ = false, create_new_ = false;
    unsigned mode_ = 0666;
};

class file {
public:
    /// Opens an existing file for reading. Tokio: `File::open`.
    [[nodiscard]] static join_handle<file> open(std::filesystem::path p);
    /// Creates (or truncates) a file for writing. Tokio: `File::create`.
    [[nodiscard]] static join_handle<file> create(std::filesystem::path p);

    /// Takes ownership of an open descriptor. Tokio: `File::from_std`.
    explicit file(int fd);
    file(file&&) noexcept;
    file& operator=(file&&) noexcept;
    ~file();

    /// rt::io::async_read: reads from the buffer, or starts a blocking read when it is empty.
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> out);
    /// rt::io::async_write: copies into the buffer and starts the blocking write; ready at once
    /// unless an earlier operation is still in flight.
    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> data);
    /// Waits for the in-flight operation; rethrows a write error.
    poll_result<void> poll_flush(context& cx);
    /// Same as poll_flush (files have no write side to close).
    poll_result<void> poll_shutdown(context& cx) { return poll_flush(cx); }

    /// Flushes, then fsync(2). Tokio: `File::sync_all`.
    task<void> sync_all();
    /// Flushes, then fdatasync(2). Tokio: `File::sync_data`.
    task<void> sync_data();
    /// Flushes, then truncates or extends the file to `len` bytes. Tokio: `File::set_len`.
    task<void> set_len(std::uint64_t len);
    /// Flushes, then fstat(2). Tokio: `File::metadata`.
    task<fs::file_metadata> metadata();
    /// Flushes, drops buffered read data and moves the position (lseek(2) `whence`); the new
    /// position from the start. Tokio: `AsyncSeekExt::seek`.
    task<std::uint64_t> seek(std::int64_t offset, int whence);

    /// The descriptor (still owned by the file).
    [[nodiscard]] int native_handle() const noexcept;

private:
    struct shared_fd;
    struct op_result {
        std::vector<std::byte> buf;
        long long n = 0;  // bytes read, or written
        int err = 0;      // errno of a failure
    };
    enum class op_kind : unsigned char { none, read, write };

    /// Polls the in-flight operation; true when none is left (its result was absorbed).
    bool poll_inflight(context& cx);
    void start_read(std::size_t want);
    void start_write(std::span<const std::byte> data);
    struct flushed;

    std::shared_ptr<shared_fd> fd_;
    std::optional<join_handle<op_result>> inflight_;
    op_kind kind_ = op_kind::none;
    std::vector<std::byte> buf_;  // read data not yet returned is [pos_, size)
    std::size_t pos_ = 0;
    int deferred_err_ = 0;        // a write-behind failure, thrown by the next operation
};

}  // namespace rt::fs
