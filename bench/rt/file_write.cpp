// bench/rt/file_write.cpp — `file_write` workload (bench/README.md): one task creates a file and
// writes 64 MiB to it as 1,024 write_all calls of 64 KiB, then flushes (no fsync: the page cache is
// what is measured, as in the Tokio peer). Prints ns per 64 KiB write as one JSON line.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <unistd.h>
#include <vector>

#ifdef RT_USE_MODULES
import rt;
#else
#include <rt/rt.hpp>
#endif

#include "bench_main.hpp"
#include "fs_common.hpp"

namespace {

using clk = std::chrono::steady_clock;
namespace work = rt_bench::fs_work;

rt::task<double> body(std::filesystem::path path) {
    std::vector<std::byte> chunk(work::chunk_bytes, std::byte{0x5a});
    const auto t0 = clk::now();
    auto f = co_await rt::fs::file::create(path);
    for (std::size_t i = 0; i < work::file_chunks; ++i) {
        co_await rt::io::write_all(f, std::span<const std::byte>(chunk));
    }
    co_await rt::io::flush(f);
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    if (std::filesystem::file_size(path) != work::chunk_bytes * work::file_chunks) {
        throw std::runtime_error("the file has the wrong size");
    }
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return work::run_program(argc, argv, "file_write", work::file_chunks,
                             [](std::filesystem::path dir) { return body(dir / "data"); });
}
