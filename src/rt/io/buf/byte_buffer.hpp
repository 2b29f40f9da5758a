// rt/io/buf/byte_buffer.hpp — a growable FIFO of bytes: append at the back, consume at the front;
// plus raw_bytes, the fixed-size uninitialised block behind buf_reader and the copy utilities.
//
// Tokio equivalent: `bytes::BytesMut` as the codecs and buffered readers use it. Invariant: the
// readable bytes are storage_[start_, end_) with end_ <= cap_; prepare() hands out writable space
// after end_ that commit() turns into readable bytes; consumed space at the front is reclaimed by
// compaction or when the buffer grows (which copies only the readable bytes).
//
// Memory policy (issue #16): growth allocates with `new std::byte[n]` (default-initialised: no
// zero fill, unlike vector::resize). When the buffer becomes empty (consume/clear) while its
// capacity is above shrink_factor x its base capacity (the constructor's, default 8 KiB), it
// frees its storage; the next prepare() allocates the base capacity again. So a connection that
// once carried a 64 MiB message goes back to kilobytes when idle, while a buffer that stays within
// 8 x base (64 KiB by default) keeps its storage and never reallocates on the hot path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

namespace rt::io {

namespace detail {
/// A fixed block of n bytes left uninitialised (a read buffer that the reader fills before any
/// byte of it is looked at). Moving leaves the source empty.
class raw_bytes {
public:
    explicit raw_bytes(std::size_t n) : p_(new std::byte[n]), n_(n) {}
    raw_bytes(raw_bytes&& o) noexcept : p_(std::move(o.p_)), n_(std::exchange(o.n_, 0)) {}
    raw_bytes& operator=(raw_bytes&& o) noexcept {
        p_ = std::move(o.p_);
        n_ = std::exchange(o.n_, 0);
        return *this;
    }
    [[nodiscard]] std::span<std::byte> span() noexcept { return {p_.get(), n_}; }
    [[nodiscard]] std::span<const std::byte> span() const noexcept { return {p_.get(), n_}; }
    [[nodiscard]] std::size_t size() const noexcept { return n_; }

private:
    std::unique_ptr<std::byte[]> p_;
    std::size_t n_;
};
}  // namespace detail

/// A byte FIFO used as a read or write buffer; gives its memory back when emptied after growing
/// large (see the policy above). Tokio: `bytes::BytesMut`.
class byte_buffer {
public:
    /// Base capacity of a default-constructed buffer (allocated on the first prepare()).
    static constexpr std::size_t default_capacity = 8 * 1024;
    /// An empty buffer whose capacity exceeds shrink_factor x its base capacity frees its storage.
    static constexpr std::size_t shrink_factor = 8;

    /// An empty buffer with no storage yet; its base capacity is default_capacity.
    byte_buffer() noexcept = default;
    /// An empty buffer holding `capacity` bytes of storage, which is also its base capacity
    /// (0 means default_capacity, allocated lazily).
    explicit byte_buffer(std::size_t capacity) : base_(capacity ? capacity : default_capacity) {
        if (capacity) allocate_exact(capacity);
    }
    byte_buffer(byte_buffer&& o) noexcept
        : storage_(std::move(o.storage_)),
          cap_(std::exchange(o.cap_, 0)),
          base_(o.base_),
          start_(std::exchange(o.start_, 0)),
          end_(std::exchange(o.end_, 0)) {}
    byte_buffer& operator=(byte_buffer&& o) noexcept {
        if (this != &o) {
            storage_ = std::move(o.storage_);
            cap_ = std::exchange(o.cap_, 0);
            base_ = o.base_;
            start_ = std::exchange(o.start_, 0);
            end_ = std::exchange(o.end_, 0);
        }
        return *this;
    }
    /// Copies the readable bytes (the copy's capacity is just what they need, at least its base).
    byte_buffer(const byte_buffer& o) : base_(o.base_) { append(o.data()); }
    byte_buffer& operator=(const byte_buffer& o) {
        if (this != &o) {
            byte_buffer copy(o);
            *this = std::move(copy);
        }
        return *this;
    }

    /// Number of readable bytes.
    [[nodiscard]] std::size_t size() const noexcept { return end_ - start_; }
    [[nodiscard]] bool empty() const noexcept { return end_ == start_; }
    /// Bytes of storage held now (readable, consumed-but-not-compacted and writable).
    /// Tokio: `BytesMut::capacity`.
    [[nodiscard]] std::size_t capacity() const noexcept { return cap_; }
    /// The readable bytes (valid until the next non-const call).
    [[nodiscard]] std::span<const std::byte> data() const noexcept { return {storage_.get() + start_, end_ - start_}; }
    /// The readable bytes as characters.
    [[nodiscard]] std::string_view view() const noexcept {
        return {reinterpret_cast<const char*>(storage_.get() + start_), end_ - start_};
    }
    [[nodiscard]] std::byte operator[](std::size_t i) const noexcept { return storage_[start_ + i]; }

    /// Drops the first n readable bytes (n <= size()); an emptied large buffer frees its storage.
    void consume(std::size_t n) noexcept {
        start_ += std::min(n, size());
        if (start_ == end_) clear();
    }
    /// Drops every readable byte; frees the storage if it is above the shrink limit.
    void clear() noexcept {
        start_ = end_ = 0;
        if (cap_ > shrink_factor * base_) {
            storage_.reset();
            cap_ = 0;
        }
    }

    /// Writable space of at least n bytes after the readable ones; commit(k) makes k of them
    /// readable. Grows (see reserve) when compaction cannot make room; the new bytes are not
    /// initialised.
    std::span<std::byte> prepare(std::size_t n) {
        if (cap_ - end_ < n) make_room(n);
        return {storage_.get() + end_, cap_ - end_};
    }
    /// Makes k bytes written into prepare()'s span readable.
    void commit(std::size_t k) noexcept { end_ += k; }

    /// Ensures room for `additional` more readable bytes. Growth is to max(size + additional,
    /// 2 x capacity): a codec that reserves a large frame it is about to read gets exactly that
    /// size, not the next doubling past it, while many small reserves stay amortised.
    /// Tokio: `BytesMut::reserve`.
    void reserve(std::size_t additional) {
        if (cap_ - end_ < additional) make_room(additional);
    }

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
        if (n) std::memcpy(out.data(), storage_.get() + start_, n);
        consume(n);
        return n;
    }

private:
    /// Room for n bytes after the readable ones: compacts when that suffices, else reallocates
    /// to max(size + n, base, 2 x capacity).
    void make_room(std::size_t n) {
        const std::size_t len = size();
        if (cap_ - len >= n) {
            std::memmove(storage_.get(), storage_.get() + start_, len);
            start_ = 0;
            end_ = len;
            return;
        }
        allocate_exact(std::max({len + n, base_, cap_ * 2}));
    }
    /// Replaces the storage by `n` uninitialised bytes holding the readable ones at the front.
    void allocate_exact(std::size_t n) {
        std::unique_ptr<std::byte[]> fresh(new std::byte[n]);  // default-init: no zero fill
        const std::size_t len = size();
        if (len) std::memcpy(fresh.get(), storage_.get() + start_, len);
        storage_ = std::move(fresh);
        cap_ = n;
        start_ = 0;
        end_ = len;
    }

    std::unique_ptr<std::byte[]> storage_;
    std::size_t cap_ = 0;
    std::size_t base_ = default_capacity;
    std::size_t start_ = 0;
    std::size_t end_ = 0;
};

}  // namespace rt::io
