// bench/rt/fs_common.hpp — what the file-system workloads share (bench/README.md): the sizes, and
// a scratch folder under $TMPDIR (default /tmp) that is removed when the program ends.
// Include after bench_main.hpp and <cstdio>, <cstdlib>, <exception>, <filesystem>, <optional>, <string>,
// <unistd.h>.
#pragma once

namespace rt_bench::fs_work {

constexpr std::size_t chunk_bytes = 64 * 1024;          // one op of file_read / file_write
constexpr std::size_t file_chunks = 1024;               // 64 MiB in all
constexpr std::size_t small_files = 1000;               // ops of small_files
constexpr std::size_t small_file_bytes = 1024;          // each small file's size

/// A fresh folder for one run's files; removed (with what is left in it) on destruction.
class scratch_dir {
public:
    explicit scratch_dir(const char* workload) {
        const char* tmp = std::getenv("TMPDIR");
        path_ = std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                (std::string("rt-bench-") + workload + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// The whole program of a file-system workload: makes a scratch folder and runs `body(folder)` — a
/// function returning task<double> (elapsed ns) — through rt_bench::run_per_op (default flavour
/// multi_thread). Errors go to stderr with exit status 1.
template <class Body>
int run_program(int argc, char** argv, const char* workload, std::size_t ops, Body body) {
    std::optional<scratch_dir> dir;
    try {
        dir.emplace(workload);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_%s: %s\n", workload, e.what());
        return 1;
    }
    return rt_bench::run_per_op(argc, argv, workload, ops, "multi_thread", body, dir->path());
}

}  // namespace rt_bench::fs_work
