// tests/sync/broadcast_memory.cpp — broadcast releases a value as soon as the last receiver that
// will read it has read it or dropped (issue #16 item 1, as Tokio's per-slot remaining count), and
// reading costs at most one copy per receiver (the last reader moves the value out).
// <malloc.h> comes before rt_test.hpp: nothing may be textually included after `import rt;`.
#include <malloc.h>
#include <unistd.h>

#include "support/rt_test.hpp"
#include "sync/sync_test.hpp"

namespace {

namespace broadcast = rt::sync::broadcast;
using sync_test::spawn_mock;

/// A value that counts how many of it own a payload (moved-from ones do not) and how many copies
/// were made, so a test sees exactly when the channel destroys what it holds.
struct tracked {
    static inline int live = 0;
    static inline int copies = 0;
    static void reset_counts() { live = copies = 0; }

    explicit tracked(int v) : value(v), owns(true) { ++live; }
    tracked(const tracked& o) : value(o.value), owns(o.owns) {
        if (owns) ++live;
        ++copies;
    }
    tracked(tracked&& o) noexcept : value(o.value), owns(std::exchange(o.owns, false)) {}
    tracked& operator=(const tracked&) = delete;
    tracked& operator=(tracked&&) = delete;
    ~tracked() {
        if (owns) --live;
    }
    int value;
    bool owns;
};

// Issue #16 item 1: the value stayed in its slot until overwritten, whoever had read it.
TEST(broadcast_memory, a_value_is_destroyed_once_the_last_receiver_has_read_it) {
    tracked::reset_counts();
    auto [tx, rx1] = broadcast::channel<tracked>(8);
    auto rx2 = tx.subscribe();
    ASSERT_TRUE(tx.send(tracked(7)));
    EXPECT_EQ(tracked::live, 1);
    {
        auto v = rx1.try_recv();
        ASSERT_TRUE(v);
        EXPECT_EQ(v.value().value, 7);
    }
    EXPECT_EQ(tracked::live, 1) << "rx2 has not read it yet";
    {
        auto m = spawn_mock(rx2.recv());
        auto r = m.poll().take();
        ASSERT_TRUE(r);
        EXPECT_EQ(r.value().value, 7);
    }
    EXPECT_EQ(tracked::live, 0) << "both receivers read it: the channel must not keep it";
}

// Issue #16 item 1: copies were one per receiver plus none saved for the last reader.
TEST(broadcast_memory, readers_copy_once_each_except_the_last_which_moves_the_value_out) {
    tracked::reset_counts();
    auto [tx, rx1] = broadcast::channel<tracked>(8);
    auto rx2 = tx.subscribe();
    auto rx3 = tx.subscribe();
    ASSERT_TRUE(tx.send(tracked(1)));
    EXPECT_EQ(tracked::copies, 0);
    (void)rx1.try_recv().value();
    (void)rx2.try_recv().value();
    EXPECT_EQ(tracked::copies, 2);
    (void)rx3.try_recv().value();
    EXPECT_EQ(tracked::copies, 2) << "the last reader takes the value without copying it";
    EXPECT_EQ(tracked::live, 0);
}

// Issue #16 item 1: a receiver that drops must release every value it had not read.
TEST(broadcast_memory, a_receiver_that_drops_releases_the_values_it_had_not_read) {
    tracked::reset_counts();
    auto [tx, rx1] = broadcast::channel<tracked>(8);
    std::optional<broadcast::receiver<tracked>> rx2(tx.subscribe());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(tx.send(tracked(i)));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(rx1.try_recv().value().value, i);
    EXPECT_EQ(tracked::live, 3) << "rx2 still has to read them";
    (void)rx2->try_recv().value();  // reads the first; two left for it
    EXPECT_EQ(tracked::live, 2);
    rx2.reset();
    EXPECT_EQ(tracked::live, 0);
}

// Issue #16 item 1: a dropping receiver that lagged releases only what is still in the ring, and a
// lagging receiver still gets its lagged error, then the values that remain, which are then freed.
TEST(broadcast_memory, lagged_values_are_freed_on_overwrite_and_the_rest_after_the_lagged_reader_reads_them) {
    tracked::reset_counts();
    auto [tx, rx] = broadcast::channel<tracked>(2);
    auto other = tx.subscribe();
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(tx.send(tracked(i)));
    EXPECT_EQ(tracked::live, 2) << "values 1 and 2 were overwritten";
    auto lag = rx.try_recv();
    ASSERT_FALSE(lag);
    EXPECT_EQ(lag.error().skipped, 2u);
    EXPECT_EQ(rx.try_recv().value().value, 3);
    EXPECT_EQ(rx.try_recv().value().value, 4);
    EXPECT_EQ(tracked::live, 2) << "`other` has not read 3 and 4";
    { auto gone = std::move(other); }
    EXPECT_EQ(tracked::live, 0);
    ASSERT_TRUE(tx.send(tracked(5)));
    EXPECT_EQ(rx.try_recv().value().value, 5);
    EXPECT_EQ(tracked::live, 0);
}

// Issue #16 item 1: a receiver subscribed after a send does not count as a reader of that value.
TEST(broadcast_memory, a_later_subscriber_does_not_keep_earlier_values_alive) {
    tracked::reset_counts();
    auto [tx, rx] = broadcast::channel<tracked>(4);
    ASSERT_TRUE(tx.send(tracked(1)));
    auto late = tx.subscribe();
    auto again = late.resubscribe();
    EXPECT_EQ(rx.try_recv().value().value, 1);
    EXPECT_EQ(tracked::live, 0);
    EXPECT_TRUE(late.try_recv().error().is_empty());
    EXPECT_TRUE(again.try_recv().error().is_empty());
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RT_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RT_TEST_SANITIZED 1
#endif
#endif

std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Issue #16 items 1 and 3: 1,000 values of 1 MiB read by the only receiver left ~1 GB resident.
// RSS is measured with glibc's mmap threshold pinned at 256 KiB: setting it turns off glibc's
// dynamic threshold (which rises after large frees and would serve 1 MiB blocks from the heap,
// whose freed memory need not go back to the kernel), so every 1 MiB block is its own mapping and
// is unmapped on free; malloc_trim(0) before each reading returns the small heaps' free pages too.
// The sanitizers' allocators keep freed memory in quarantine, so RSS means nothing there: the
// exact destruction tests above cover those builds.
TEST(broadcast_memory, a_thousand_1_mib_values_read_by_the_only_receiver_leave_rss_where_it_was) {
#ifdef RT_TEST_SANITIZED
    GTEST_SKIP() << "RSS is meaningless under a sanitizer's allocator";
#else
    ASSERT_EQ(::mallopt(M_MMAP_THRESHOLD, 256 * 1024), 1);
    constexpr std::size_t mib = 1024 * 1024;
    auto [tx, rx] = broadcast::channel<std::string>(1024);
    ::malloc_trim(0);
    const std::size_t before = resident_bytes();
    for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(tx.send(std::string(mib, static_cast<char>('a' + i % 26))));
        auto v = rx.try_recv();
        ASSERT_TRUE(v);
        ASSERT_EQ(v.value().size(), mib);
    }
    ::malloc_trim(0);
    const std::size_t after = resident_bytes();
    const auto grown = static_cast<std::ptrdiff_t>(after) - static_cast<std::ptrdiff_t>(before);
    EXPECT_LT(grown, static_cast<std::ptrdiff_t>(8 * mib)) << "RSS grew by " << grown / 1024 << " KiB";
#endif
}

}  // namespace
