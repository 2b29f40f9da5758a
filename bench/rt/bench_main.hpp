// bench/rt/bench_main.hpp — what every rt benchmark program shares (bench/README.md's contract):
// the `--flavor` argument, the runtime it selects, and the main of a per-operation workload.
// Include after rt is visible (import or #include) and after <cstdio>, <cstring>, <exception> and
// <string>.
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

/// The whole main of a workload timed per operation: runs `body(args...)` — a task returning the
/// elapsed nanoseconds for `ops` operations — spawned on the runtime `--flavor` selects (default
/// `default_flavor`), and prints bench/README.md's JSON line. Errors go to stderr, exit status 1.
template <class Body, class... Args>
int run_per_op(int argc, char** argv, const char* workload, unsigned long long ops, const char* default_flavor,
               Body body, Args&&... args) {
    const std::string flavor = flavor_arg(argc, argv, default_flavor);
    try {
        auto runtime = make_runtime(flavor);
        const double ns = runtime.block_on(runtime.spawn(body, std::forward<Args>(args)...));
        std::printf("{\"workload\":\"%s\",\"flavor\":\"%s\",\"ops\":%llu,\"ns_per_op\":%.2f}\n", workload,
                    flavor.c_str(), ops, ns / static_cast<double>(ops));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_%s: %s\n", workload, e.what());
        return 1;
    }
    return 0;
}

}  // namespace rt_bench
