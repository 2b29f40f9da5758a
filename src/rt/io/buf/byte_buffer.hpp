// rt/io/buf/byte_buffer.hpp — a growable FIFO of bytes: append at the back, consume at the front.
//
// Tokio equivalent: `bytes::BytesMut` as the codecs and buffered readers use it. Invariant: the
// readable bytes are storage_[start_, end_); prepare() hands out writable space after end_ that
// commit() turns into readable bytes; consumed space at the front is reclaimed by compaction.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace rt::io {

/// A byte FIFO used as a read or write buffer. Tokio: `bytes::BytesMut`.
class byte_buffer {
public:
    byte_buffer() = default;
    explicit byte_buffer(std::size_t capacity) { storage_.reserve(capacity); }

    /// Number of readable bytes.
    [[nodiscard]] std::size_t size() const noexcept { return end_ - start_; }
    [[nodiscard]] bool empty() const noexcept { return end_ == start_; }
    /// The readable bytes (valid until the next non-const call).
    [[nodiscard]] std::span<const std::byte> data() const noexcept {
        return {storage_.data() + start_, end_ - start_};
    }
    /// The readable bytes as characters.
    [[nodiscard]] std::string_view view() const noexcept {
        return {reinterpret_cast<const char*>(storage_.data() + start_), end_ - start_};
    }
    [[nodiscard]] std::byte operator[](std::size_t i) const noexcept { return storage_[start_ + i]; }

    /// Drops the first n readable bytes (n <= size()).
    void consume(std::size_t n) noexcept {
        start_ += std::min(n, size());
        if (start_ == end_) start_ = end_ = 0;
    }
    /// Drops every readable byte.
    void clear() noexcept { start_ = end_ = 0; }

    /// Writable space of at least n bytes after the readable ones; commit(k) makes k of them readable.
    std::span<std::byte> prepare(std::size_t n) {
        if (storage_.size() - end_ < n) {
            compact();
            if (storage_.size() - end_ < n) storage_.resize(std::max(end_ + n, storage_.size() * 2));
        }
        return {storage_.data() + end_, storage_.size() - end_};
    }
    /// Makes k bytes written into prepare()'s span readable.
    void commit(std::size_t k) noexcept { end_ += k; }

    /// Appends bytes at the back.
    void append(std::span<const std::byte> bytes) {
        if (bytes.empty()) return;
        auto dst = prepare(bytes.size());
        std::memcpy(dst.data(), bytes.data(), bytes.size());
        commit(bytes.size());
    }
    void append(std::string_view s) { append(std::as_bytes(std::span<const char>(s.data(), s.size()))); }

    /// Copies up to out.size() bytes to out and consumes them; returns how many.
    std::size_t read_into(std::span<std::byte> out) noexcept {
        std::size_t n = std::min(out.size(), size());
        if (n) std::memcpy(out.data(), storage_.data() + start_, n);
        consume(n);
        return n;
    }

private:
    void compact() noexcept {
        if (start_ == 0) return;
        std::memmove(storage_.data(), storage_.data() + start_, size());
        end_ -= start_;
        start_ = 0;
    }

    std::vector<std::byte> storage_;
    std::size_t start_ = 0;
    std::size_t end_ = 0;
};

}  // namespace rt::io
