// tests/io/buffer_memory.cpp — byte buffers give memory back (issue #16 items 2 and 3): a buffer
// that grew for a large message returns to its default capacity once empty, so an idle connection
// that once moved 64 MiB holds kilobytes, not hundreds of megabytes; small buffers keep theirs
// (no allocation churn on the hot path); growth keeps the bytes and their order.
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using codec_t = rt::io::length_delimited_codec;
constexpr std::size_t mib = 1024 * 1024;
constexpr std::size_t base = rt::io::byte_buffer::default_capacity;

/// n bytes where each 4 KiB block differs from its neighbours (cheap to make for 64 MiB, and a
/// misordered or lost block still fails the comparison).
std::vector<std::byte> pattern(std::size_t n) {
    std::vector<std::byte> v(n);
    for (std::size_t at = 0, block = 0; at < n; at += 4096, ++block) {
        std::memset(v.data() + at, static_cast<int>((block * 131 + 7) & 0xFF), std::min<std::size_t>(4096, n - at));
        v[at] = static_cast<std::byte>(block & 0xFF);
    }
    return v;
}

// Issue #16 items 2 and 3: after a 64 MiB frame went through both framed ends, each end kept its
// grown read and write buffers (vector::resize doubling to 128 MiB) for as long as it lived.
TEST(buffer_memory, after_a_64_mib_round_trip_over_loopback_both_framed_ends_are_back_to_the_default_capacity) {
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([]() -> rt::task<void> {
        auto l = co_await rt::net::tcp_listener::bind("127.0.0.1:0");
        auto client_io = co_await rt::net::tcp_stream::connect(l.local_addr());
        auto [server_io, peer] = co_await l.accept();
        auto codec = codec_t::builder().max_frame_length(65 * mib).new_codec();
        rt::io::framed client(client_io, codec);
        rt::io::framed server(server_io, codec);
        const auto big = pattern(64 * mib);

        auto client_side = [](auto& c, const std::vector<std::byte>& out) -> rt::task<bool> {
            co_await c.send(std::span<const std::byte>(out));
            auto back = co_await c.next();
            co_return back && *back == out;
        };
        auto server_side = [](auto& s) -> rt::task<void> {
            auto frame = co_await s.next();
            if (frame) co_await s.send(std::span<const std::byte>(*frame));
        };
        auto [echoed, done] = co_await rt::join(client_side(client, big), server_side(server));
        (void)done;
        EXPECT_TRUE(echoed);
        EXPECT_LE(client.read_buffer().capacity(), base);
        EXPECT_LE(client.write_buffer().capacity(), base);
        EXPECT_LE(server.read_buffer().capacity(), base);
        EXPECT_LE(server.write_buffer().capacity(), base);

        // Still usable afterwards (the next read allocates the default capacity again).
        co_await client.send(std::span<const std::byte>(big.data(), 5));
        auto small = co_await server.next();
        EXPECT_TRUE(small && small->size() == 5);
        EXPECT_LE(server.read_buffer().capacity(), base);
    }());
}

// Issue #16 item 2: the policy itself. A buffer above shrink_factor x its base lets its storage go
// when it becomes empty; at or below that it keeps it.
TEST(buffer_memory, an_empty_buffer_above_the_shrink_limit_returns_to_at_most_its_base_capacity) {
    rt::io::byte_buffer b;
    b.append(std::span<const std::byte>(pattern(mib)));
    EXPECT_GE(b.capacity(), mib);
    b.consume(mib - 1);
    EXPECT_GE(b.capacity(), mib) << "one byte left: not empty yet";
    b.consume(1);
    EXPECT_LE(b.capacity(), base);

    b.append(std::span<const std::byte>(pattern(mib)));
    b.clear();
    EXPECT_LE(b.capacity(), base);
}

TEST(buffer_memory, a_buffer_within_the_shrink_limit_keeps_its_storage_when_emptied) {
    rt::io::byte_buffer b;
    b.append(std::span<const std::byte>(pattern(base * rt::io::byte_buffer::shrink_factor)));
    const auto cap = b.capacity();
    ASSERT_LE(cap, base * rt::io::byte_buffer::shrink_factor);
    b.consume(b.size());
    EXPECT_EQ(b.capacity(), cap);
}

TEST(buffer_memory, growth_keeps_every_unread_byte_in_order) {
    rt::io::byte_buffer b(16);
    const auto data = pattern(100'000);
    std::size_t in = 0, out = 0;
    std::vector<std::byte> got;
    while (out < data.size()) {
        std::size_t n = std::min<std::size_t>(777, data.size() - in);
        b.append(std::span<const std::byte>(data).subspan(in, n));
        in += n;
        std::vector<std::byte> tmp(500);
        std::size_t k = b.read_into(tmp);  // reads less than it appends: the buffer grows
        got.insert(got.end(), tmp.begin(), tmp.begin() + static_cast<std::ptrdiff_t>(k));
        out += k;
        if (in == data.size()) {
            while (!b.empty()) {
                k = b.read_into(tmp);
                got.insert(got.end(), tmp.begin(), tmp.begin() + static_cast<std::ptrdiff_t>(k));
                out += k;
            }
        }
    }
    EXPECT_TRUE(got == data);
}

// Issue #16 item 2: the length-delimited codec reserves exactly the announced frame, so reading a
// 4 MiB frame grows the read buffer to about 4 MiB, not to the next doubling (8 MiB).
TEST(buffer_memory, length_delimited_decode_reserves_the_announced_frame_exactly) {
    rt::io::byte_buffer b;
    codec_t codec = codec_t::builder().max_frame_length(8 * mib).new_codec();
    b.append(std::string_view("\x00\x40\x00\x00", 4));  // 4 MiB frame announced
    EXPECT_FALSE(codec.decode(b).has_value());
    EXPECT_GE(b.capacity(), 4 * mib);
    EXPECT_LT(b.capacity(), 4 * mib + base);
}

}  // namespace
