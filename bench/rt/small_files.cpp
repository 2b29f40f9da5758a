// bench/rt/small_files.cpp — `small_files` workload (bench/README.md): one task, 1,000 times:
// fs::write a 1 KiB file, fs::read it back, fs::remove_file it (three blocking-pool round trips
// per file). Prints ns per file as one JSON line.
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

rt::task<double> body(std::filesystem::path dir) {
    std::vector<std::byte> content(work::small_file_bytes, std::byte{'s'});
    std::uint64_t read_bytes = 0;
    const auto t0 = clk::now();
    for (std::size_t i = 0; i < work::small_files; ++i) {
        const auto path = dir / ("f" + std::to_string(i));
        co_await rt::fs::write(path, std::span<const std::byte>(content));
        const auto back = co_await rt::fs::read(path);
        read_bytes += back.size();
        co_await rt::fs::remove_file(path);
    }
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    if (read_bytes != work::small_files * work::small_file_bytes) throw std::runtime_error("short read");
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return work::run_program(argc, argv, "small_files", work::small_files, body);
}
