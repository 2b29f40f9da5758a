// tests/io/copy.cpp — copy and copy_bidirectional over duplex pipes: backpressure with a slow
// reader, half-close propagation both ways, immediate exit on errors, cooperativeness.
// Ports tokio/tests/io_copy_bidirectional.rs and the cooperativeness of io_copy.rs.
#include "support/rt_test.hpp"
#include "io/io_helpers.hpp"

namespace {

using io_test::bytes;
using io_test::str;

/// A stream whose reads follow a script and whose writes either fail or never complete.
struct mock_stream {
    io_test::scripted_reader reader;
    bool writes_fail = true;
    rt::poll_result<std::size_t> poll_read(rt::context& cx, std::span<std::byte> b) { return reader.poll_read(cx, b); }
    rt::poll_result<std::size_t> poll_write(rt::context& cx, std::span<const std::byte> b) {
        if (writes_fail) return io_test::failing_writer{}.poll_write(cx, b);
        return rt::pending;  // never ready (and never wakes): the other direction must not wait on it
    }
    rt::poll_result<void> poll_flush(rt::context&) { return rt::ready(); }
    rt::poll_result<void> poll_shutdown(rt::context&) { return rt::ready(); }
};

TEST(copy, copies_everything_and_returns_the_byte_count) {
    auto rt = rt_test::current_thread_runtime();
    auto [a, b] = rt::io::duplex(64);
    std::string msg(100'000, 'q');
    auto writer = rt.spawn([](rt::io::duplex_stream s, std::string m) -> rt::task<void> {
        co_await rt::io::write_all(s, m);
        co_await rt::io::shutdown(s);
    }, std::move(a), msg);
    io_test::counting_sink sink;
    EXPECT_EQ(rt.block_on(rt::io::copy(b, sink)), 100'000u);
    EXPECT_EQ(sink.written, 100'000u);
    rt.block_on(std::move(writer));
}

TEST(copy, a_slow_reader_applies_backpressure_to_the_copy) {
    auto rt = rt_test::current_thread_runtime();
    constexpr std::size_t total_bytes = 64 * 1024, src_cap = 1024, dst_cap = 16;
    auto [src_w, src_r] = rt::io::duplex(src_cap);
    auto [dst_w, dst_r] = rt::io::duplex(dst_cap);
    auto produced = std::make_shared<std::size_t>(0);
    auto producer = rt.spawn([](rt::io::duplex_stream s, std::shared_ptr<std::size_t> produced) -> rt::task<void> {
        std::vector<std::byte> chunk(512, std::byte{'p'});
        while (*produced < total_bytes) *produced += co_await rt::io::write(s, chunk);
        co_await rt::io::shutdown(s);
    }, std::move(src_w), produced);
    auto copier = rt.spawn([](rt::io::duplex_stream r, rt::io::duplex_stream w) -> rt::task<std::uint64_t> {
        auto n = co_await rt::io::copy(r, w);
        co_await rt::io::shutdown(w);
        co_return n;
    }, std::move(src_r), std::move(dst_w));
    auto [consumed, max_ahead] = rt.block_on([](rt::io::duplex_stream& r, std::shared_ptr<std::size_t> produced)
                                                 -> rt::task<std::pair<std::size_t, std::size_t>> {
        std::array<std::byte, 4> buf{};
        std::size_t consumed = 0, max_ahead = 0;
        for (;;) {
            for (int i = 0; i < 3; ++i) co_await rt::yield_now();  // a slow consumer
            max_ahead = std::max(max_ahead, *produced - consumed);
            auto n = co_await rt::io::read(r, buf);
            if (n == 0) co_return std::pair(consumed, max_ahead);
            consumed += n;
        }
    }(dst_r, produced));
    EXPECT_EQ(consumed, total_bytes);
    EXPECT_EQ(rt.block_on(std::move(copier)), total_bytes);
    rt.block_on(std::move(producer));
    // The producer ran ahead by at most what the two pipes and the copy buffer hold.
    EXPECT_LE(max_ahead, src_cap + rt::io::default_buf_size + dst_cap);
    EXPECT_GT(max_ahead, dst_cap);  // and the copy did run ahead while the consumer was slow
}

TEST(copy, copy_is_cooperative_even_over_streams_without_budget) {
    auto rt = rt_test::current_thread_runtime();
    auto flag = std::make_shared<std::atomic<bool>>(false);
    auto seen_while_copying = std::make_shared<std::atomic<bool>>(false);
    rt.block_on([](auto flag, auto seen) -> rt::task<void> {
        io_test::spawn_flag_setter(flag);
        io_test::ready_reader r{64 * 1024 * 1024};
        io_test::counting_sink w;
        w.on_write = [&] { if (flag->load() && r.total > 0) seen->store(true); };
        co_await rt::io::copy(r, w);
    }(flag, seen_while_copying));
    EXPECT_TRUE(seen_while_copying->load()) << "the other task only ran after the copy finished";
}

struct bidi_fixture {
    rt::runtime rt = rt_test::current_thread_runtime();
    // client_a <-> server_a  ==copy_bidirectional==  server_b <-> client_b
    std::pair<rt::io::duplex_stream, rt::io::duplex_stream> a = rt::io::duplex(1024);
    std::pair<rt::io::duplex_stream, rt::io::duplex_stream> b = rt::io::duplex(1024);
    rt::io::duplex_stream& client_a = a.first;
    rt::io::duplex_stream& client_b = b.first;

    rt::join_handle<std::pair<std::uint64_t, std::uint64_t>> start() {
        return rt.spawn([](rt::io::duplex_stream x, rt::io::duplex_stream y) -> rt::task<std::pair<std::uint64_t, std::uint64_t>> {
            co_return co_await rt::io::copy_bidirectional(x, y);
        }, std::move(a.second), std::move(b.second));
    }
};

TEST(copy_bidirectional, transfers_both_ways_and_counts_each_direction) {
    bidi_fixture f;
    auto h = f.start();
    f.rt.block_on([](rt::io::duplex_stream& ca, rt::io::duplex_stream& cb) -> rt::task<void> {
        std::array<std::byte, 5> buf{};
        co_await rt::io::write_all(ca, "hello");
        co_await rt::io::read_exact(cb, buf);
        EXPECT_EQ(str(buf), "hello");
        co_await rt::io::write_all(cb, "ok");
        co_await rt::io::read_exact(ca, std::span(buf).first(2));
        EXPECT_EQ(str(std::span(buf).first(2)), "ok");
        co_await rt::io::shutdown(ca);
        co_await rt::io::shutdown(cb);
    }(f.client_a, f.client_b));
    auto [ab, ba] = f.rt.block_on(std::move(h));
    EXPECT_EQ(ab, 5u);
    EXPECT_EQ(ba, 2u);
}

TEST(copy_bidirectional, half_close_propagates_a_to_b_while_b_to_a_keeps_flowing) {
    bidi_fixture f;
    auto h = f.start();
    f.rt.block_on([](rt::io::duplex_stream& ca, rt::io::duplex_stream& cb) -> rt::task<void> {
        co_await rt::io::write_all(ca, "bye");
        co_await rt::io::shutdown(ca);
        std::string got;
        co_await rt::io::read_to_string(cb, got);  // ends: the shutdown reached client_b
        EXPECT_EQ(got, "bye");
        co_await rt::io::write_all(cb, "still here");
        std::array<std::byte, 10> buf{};
        co_await rt::io::read_exact(ca, buf);
        EXPECT_EQ(str(buf), "still here");
        co_await rt::io::shutdown(cb);
        std::array<std::byte, 1> one{};
        EXPECT_EQ(co_await rt::io::read(ca, one), 0u);  // and the other half-close reached client_a
    }(f.client_a, f.client_b));
    auto [ab, ba] = f.rt.block_on(std::move(h));
    EXPECT_EQ(ab, 3u);
    EXPECT_EQ(ba, 10u);
}

TEST(copy_bidirectional, half_close_propagates_b_to_a) {
    bidi_fixture f;
    auto h = f.start();
    f.rt.block_on([](rt::io::duplex_stream& ca, rt::io::duplex_stream& cb) -> rt::task<void> {
        co_await rt::io::shutdown(cb);
        std::array<std::byte, 1> one{};
        EXPECT_EQ(co_await rt::io::read(ca, one), 0u);
        co_await rt::io::write_all(ca, "x");
        co_await rt::io::read_exact(cb, one);
        EXPECT_EQ(str(one), "x");
        co_await rt::io::shutdown(ca);
    }(f.client_a, f.client_b));
    auto [ab, ba] = f.rt.block_on(std::move(h));
    EXPECT_EQ(ab, 1u);
    EXPECT_EQ(ba, 0u);
}

// io_copy_bidirectional.rs: blocking_one_side_does_not_block_other.
TEST(copy_bidirectional, blocking_one_side_does_not_block_other) {
    bidi_fixture f;
    auto h = f.start();
    f.rt.block_on([](rt::io::duplex_stream& ca, rt::io::duplex_stream& cb) -> rt::task<void> {
        // Fill a->b: client_b never reads, so that direction gets stuck on b's full pipe (2048
        // bytes always fit: 1024 in b's pipe, 1024 in a's, or in the copy buffer).
        co_await rt::io::write_all(ca, std::vector<std::byte>(2048, std::byte{7}));
        for (int i = 0; i < 8; ++i) co_await rt::yield_now();
        // b->a still flows.
        co_await rt::io::write_all(cb, "through");
        std::array<std::byte, 7> buf{};
        co_await rt::io::read_exact(ca, buf);
        EXPECT_EQ(str(buf), "through");
    }(f.client_a, f.client_b));
    { auto drop_a = std::move(f.client_a); auto drop_b = std::move(f.client_b); }
    EXPECT_THROW(f.rt.block_on(std::move(h)), std::system_error);  // writes to the dropped peers fail
}

// io_copy_bidirectional.rs: immediate_exit_on_write_error.
TEST(copy_bidirectional, immediate_exit_on_write_error) {
    auto rt = rt_test::current_thread_runtime();
    mock_stream a{io_test::scripted_reader({std::string("here, take this")}), true};
    mock_stream b{io_test::scripted_reader({std::string("here, take this")}), true};
    EXPECT_THROW(rt.block_on(rt::io::copy_bidirectional(a, b)), std::system_error);
}

// io_copy_bidirectional.rs: immediate_exit_on_read_error — the other direction never finishes,
// yet the read error ends the whole copy at once.
TEST(copy_bidirectional, immediate_exit_on_read_error) {
    auto rt = rt_test::current_thread_runtime();
    mock_stream a{io_test::scripted_reader({io_test::scripted_reader::fail{}}), false};
    mock_stream b{io_test::scripted_reader({std::string("stuck")}), false};
    try {
        rt.block_on(rt::io::copy_bidirectional(a, b));
        FAIL() << "no error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::make_error_code(std::errc::connection_reset));
    }
}

// io_copy_bidirectional.rs: copy_bidirectional_is_cooperative.
TEST(copy_bidirectional, copy_bidirectional_is_cooperative) {
    auto rt = rt_test::current_thread_runtime();
    auto ran = std::make_shared<std::atomic<bool>>(false);
    int rounds = rt.block_on([](std::shared_ptr<std::atomic<bool>> ran) -> rt::task<int> {
        io_test::spawn_flag_setter(ran);
        int i = 0;
        for (; i < 100'000 && !ran->load(); ++i) {
            auto [a, a1] = rt::io::duplex(1024);
            auto [b, b1] = rt::io::duplex(1024);
            co_await rt::io::write_all(a1, "here, take this");
            co_await rt::io::write_all(b1, "here, take this");
            co_await rt::io::shutdown(a1);
            co_await rt::io::shutdown(b1);
            co_await rt::io::copy_bidirectional(a, b);
        }
        co_return i;
    }(ran));
    EXPECT_TRUE(ran->load());
    EXPECT_LT(rounds, 100'000);
}

}  // namespace

namespace {

// Cancellation at an await point: aborting a task suspended inside copy destroys the copy future
// and the streams it owns; the peers then see end of stream / broken pipe, and nothing leaks.
TEST(copy, aborting_a_task_blocked_in_copy_drops_its_streams) {
    auto rt = rt_test::current_thread_runtime();
    auto [in_w, in_r] = rt::io::duplex(64);
    auto [out_w, out_r] = rt::io::duplex(64);
    auto h = rt.spawn([](rt::io::duplex_stream r, rt::io::duplex_stream w) -> rt::task<std::uint64_t> {
        co_return co_await rt::io::copy(r, w);
    }, std::move(in_r), std::move(out_w));
    rt.block_on([](rt::io::duplex_stream& in, rt::io::duplex_stream& out) -> rt::task<void> {
        co_await rt::io::write_all(in, "partial");
        std::array<std::byte, 7> buf{};
        co_await rt::io::read_exact(out, buf);  // the copy is running and now waits for more input
        EXPECT_EQ(str(buf), "partial");
    }(in_w, out_r));
    h.abort();
    EXPECT_THROW(rt.block_on(std::move(h)), rt::cancelled_error);
    rt.block_on([](rt::io::duplex_stream& in, rt::io::duplex_stream& out) -> rt::task<void> {
        std::array<std::byte, 1> one{};
        EXPECT_EQ(co_await rt::io::read(out, one), 0u);               // the copy's writer is gone
        EXPECT_THROW(co_await rt::io::write_all(in, "x"), std::system_error);  // and its reader
    }(in_w, out_r));
}

}  // namespace
