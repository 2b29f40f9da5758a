// bench/rt/bench_main.hpp — what every rt benchmark program shares (bench/README.md's contract):
// the `--flavor` argument and the runtime it selects. Include after rt is visible (import or
// #include) and after <cstring> and <string>.
#pragma once

namespace rt_bench {

/// The value of `--flavor` (run.sh always passes it; `fallback` otherwise).
inline std::string flavor_arg(int argc, char** argv, const char* fallback = "current_thread") {
    std::string flavor = fallback;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--flavor") == 0) flavor = argv[i + 1];
    }
    return flavor;
}

/// multi_thread: exactly 2 workers (the machines have 2 cores); otherwise current_thread.
inline rt::runtime make_runtime(const std::string& flavor) {
    rt::runtime::builder b;
    if (flavor == "multi_thread") {
        b.multi_thread().worker_threads(2);
    } else {
        b.current_thread();
    }
    return b.build();
}

}  // namespace rt_bench
