// tests/fs/file_and_dir_ops.cpp — rt::fs on the blocking pool: whole-file helpers, directory
// operations, rt::fs::file through the rt::io utilities, positions across reads/writes/seeks, and
// clear errors for missing paths.
#include <fcntl.h>
#include <unistd.h>

#include "support/rt_test.hpp"

namespace {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed at the end of the test.
class temp_dir {
public:
    temp_dir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("rt-fs-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
        fs::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

TEST(fs_ops, write_then_read_round_trips) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        co_await rt::fs::write(p / "a.txt", std::string_view("hello, files"));
        EXPECT_EQ(co_await rt::fs::read_to_string(p / "a.txt"), "hello, files");
        auto raw = co_await rt::fs::read(p / "a.txt");
        EXPECT_EQ(raw.size(), 12u);
        EXPECT_EQ(static_cast<char>(raw[0]), 'h');
        const auto md = co_await rt::fs::metadata(p / "a.txt");
        EXPECT_TRUE(md.is_file());
        EXPECT_EQ(md.len, 12u);
    }(dir.path()));
}

TEST(fs_ops, missing_file_is_a_clear_system_error) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        try {
            (void)co_await rt::fs::read_to_string(p / "nope.txt");
            ADD_FAILURE() << "no exception";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
            EXPECT_NE(std::string(e.what()).find("nope.txt"), std::string::npos);
        }
        EXPECT_FALSE(co_await rt::fs::try_exists(p / "nope.txt"));
        EXPECT_THROW(co_await rt::fs::file::open(p / "nope.txt"), std::system_error);
        EXPECT_THROW(co_await rt::fs::read_dir(p / "nope"), std::system_error);
    }(dir.path()));
}

TEST(fs_ops, directory_tree_create_list_rename_copy_remove) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        co_await rt::fs::create_dir_all(p / "x" / "y" / "z");
        co_await rt::fs::write(p / "x" / "y" / "f1", std::string_view("one"));
        co_await rt::fs::write(p / "x" / "y" / "f2", std::string_view("two!"));
        auto entries = co_await rt::fs::read_dir(p / "x" / "y");
        std::set<std::string> names;
        for (const auto& e : entries) names.insert(e.file_name);
        EXPECT_EQ(names, (std::set<std::string>{"f1", "f2", "z"}));
        EXPECT_EQ(co_await rt::fs::copy(p / "x" / "y" / "f2", p / "copied"), 4u);
        co_await rt::fs::rename(p / "copied", p / "moved");
        EXPECT_EQ(co_await rt::fs::read_to_string(p / "moved"), "two!");
        EXPECT_FALSE(co_await rt::fs::try_exists(p / "copied"));
        co_await rt::fs::remove_file(p / "moved");
        EXPECT_THROW(co_await rt::fs::remove_dir(p / "x"), std::system_error);  // not empty
        co_await rt::fs::remove_dir_all(p / "x");
        EXPECT_FALSE(co_await rt::fs::try_exists(p / "x"));
    }(dir.path()));
}

TEST(fs_file, write_all_flush_then_read_back_in_small_pieces) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        std::string payload;
        for (int i = 0; i < 5000; ++i) payload += std::to_string(i) + ",";
        {
            rt::fs::file f = co_await rt::fs::file::create(p / "big");
            co_await rt::io::write_all(f, bytes_of(payload));
            co_await rt::io::flush(f);
        }
        rt::fs::file f = co_await rt::fs::file::open(p / "big");
        std::string back;
        std::array<std::byte, 7> piece{};
        for (;;) {
            const std::size_t n = co_await rt::io::read(f, std::span(piece));
            if (n == 0) break;
            back.append(reinterpret_cast<const char*>(piece.data()), n);
        }
        EXPECT_EQ(back, payload);
        EXPECT_EQ((co_await f.metadata()).len, payload.size());
    }(dir.path()));
}

TEST(fs_file, seek_and_write_after_read_use_the_logical_position) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        co_await rt::fs::write(p / "f", std::string_view("0123456789"));
        rt::fs::file f = co_await rt::fs::open_options().read(true).write(true).open(p / "f");
        std::array<std::byte, 3> three{};
        co_await rt::io::read_exact(f, std::span(three));  // the file buffered more than 3 bytes
        co_await rt::io::write_all(f, bytes_of("ab"));     // lands at offset 3, not at the buffer's end
        co_await rt::io::flush(f);
        EXPECT_EQ(co_await rt::fs::read_to_string(p / "f"), "012ab56789");
        EXPECT_EQ(co_await f.seek(1, SEEK_SET), 1u);
        co_await rt::io::read_exact(f, std::span(three));
        EXPECT_EQ(static_cast<char>(three[0]), '1');
        EXPECT_EQ(co_await f.seek(0, SEEK_CUR), 4u);
        co_await f.set_len(2);
        co_await f.sync_all();
        EXPECT_EQ(co_await rt::fs::read_to_string(p / "f"), "01");
    }(dir.path()));
}

TEST(fs_file, append_and_create_new_options) {
    temp_dir dir;
    auto rt = rt_test::current_thread_runtime();
    rt.block_on([](fs::path p) -> rt::task<void> {
        {
            rt::fs::file f = co_await rt::fs::open_options().write(true).create_new(true).open(p / "log");
            co_await rt::io::write_all(f, bytes_of("a"));
            co_await rt::io::flush(f);
        }
        EXPECT_THROW(co_await rt::fs::open_options().write(true).create_new(true).open(p / "log"), std::system_error);
        {
            rt::fs::file f = co_await rt::fs::open_options().append(true).open(p / "log");
            co_await rt::io::write_all(f, bytes_of("bc"));
            co_await rt::io::flush(f);
        }
        EXPECT_EQ(co_await rt::fs::read_to_string(p / "log"), "abc");
    }(dir.path()));
}

}  // namespace
