// rt/process/pipe/pipe_stream.hpp — the parent's ends of a child's piped stdin/stdout/stderr.
//
// Tokio equivalent: `tokio::process::{ChildStdin, ChildStdout, ChildStderr}`. They satisfy
// rt::io::async_write / async_read, so rt::io utilities and codecs work on them. Invariant: each
// owns one registered, non-blocking pipe end; shutting a writer down closes its end (the child
// reads EOF).
#pragma once

#include <span>
#include <string_view>
#include <utility>

#include "rt/io/reactor/fd_ops.hpp"
#include "rt/io/reactor/io_source.hpp"

namespace rt::process {

/// The read end of a child's stdout or stderr. Tokio: `ChildStdout` / `ChildStderr`.
class pipe_reader {
public:
    explicit pipe_reader(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    /// Reads at most buf.size() bytes; 0 when the child closed its end. Tokio: `read`.
    io::detail::io_op<io::detail::read_fn> read(std::span<std::byte> buf) {
        return {src_, io::detail::direction::read, {src_.fd(), buf}};
    }
    poll_result<std::size_t> poll_read(context& cx, std::span<std::byte> buf) {
        return src_.poll_io(cx, io::detail::direction::read, waiter_, io::detail::read_fn{src_.fd(), buf});
    }
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

private:
    io::detail::io_source src_;
    io::detail::io_waiter waiter_;  // the poll_read/poll_write path's registration
};

/// The write end of a child's stdin. Tokio: `ChildStdin`.
class pipe_writer {
public:
    explicit pipe_writer(io::detail::io_source src) noexcept : src_(std::move(src)) {}
    /// Writes at most buf.size() bytes. Tokio: `write`.
    io::detail::io_op<io::detail::write_fn> write(std::span<const std::byte> buf) {
        return {src_, io::detail::direction::write, {src_.fd(), buf}};
    }
    /// Writes all of buf (which must outlive the future). Tokio: `write_all`.
    io::detail::write_all_op<io::detail::write_fn> write_all(std::span<const std::byte> buf) { return {src_, buf}; }
    io::detail::write_all_op<io::detail::write_fn> write_all(std::string_view text) {
        return {src_, std::as_bytes(std::span(text.data(), text.size()))};
    }
    /// Closes the pipe now: the child reads EOF. Tokio: `drop(child.stdin.take())`.
    void close() noexcept { src_.reset(); }

    poll_result<std::size_t> poll_write(context& cx, std::span<const std::byte> buf) {
        return src_.poll_io(cx, io::detail::direction::write, waiter_, io::detail::write_fn{src_.fd(), buf});
    }
    poll_result<void> poll_flush(context&) { return ready(); }
    poll_result<void> poll_shutdown(context&) {
        close();
        return ready();
    }
    [[nodiscard]] int native_handle() const noexcept { return src_.fd(); }

private:
    io::detail::io_source src_;
    io::detail::io_waiter waiter_;  // the poll_read/poll_write path's registration
};

/// Tokio names.
using child_stdin = pipe_writer;
using child_stdout = pipe_reader;
using child_stderr = pipe_reader;

}  // namespace rt::process
