// bench/rt/file_read.cpp — `file_read` workload (bench/README.md): a 64 MiB file is written before
// the clock starts; one task opens it and reads it to the end into a 64 KiB buffer. Prints ns per
// 64 KiB of data read as one JSON line.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <fstream>
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
    std::vector<std::byte> buf(work::chunk_bytes);
    std::uint64_t total = 0, sum = 0;
    const auto t0 = clk::now();
    auto f = co_await rt::fs::file::open(path);
    for (;;) {
        const std::size_t n = co_await rt::io::read(f, std::span<std::byte>(buf));
        if (n == 0) break;
        total += n;
        sum += static_cast<std::uint64_t>(buf[n - 1]);
    }
    const double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    volatile std::uint64_t keep = sum;  // the work must not be optimised away
    (void)keep;
    if (total != work::chunk_bytes * work::file_chunks) throw std::runtime_error("short read");
    co_return ns;
}

}  // namespace

int main(int argc, char** argv) {
    return work::run_program(argc, argv, "file_read", work::file_chunks, [](std::filesystem::path dir) {
        const auto path = dir / "data";
        std::ofstream out(path, std::ios::binary);
        const std::string chunk(work::chunk_bytes, 'r');
        for (std::size_t i = 0; i < work::file_chunks; ++i) out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (!out) throw std::runtime_error("cannot write the input file");
        return body(path);  // the file is written before the clock starts in body()
    });
}
