#!/usr/bin/env python3
"""time_codegen.py — how long rt-codegen takes on a ~2,000-line TU, next to compiling that TU.

Writes a synthetic source (N coroutines, each with a select, a loop and some arithmetic), runs
rt-codegen on it and then compiles the generated file with clang++-19 (-O2 -g -c), each RUNS times,
and prints the medians and their ratio. The documented target is rt-codegen < 1.5x the compile.

  codegen/bench/time_codegen.py --tool build/bin/rt-codegen [--functions 100] [--runs 3]
"""
import argparse, os, resource, statistics, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FUNC = """
rt::task<int> worker_{i}(int limit) {{
    int total = 0;
    for (int k = 0; k < limit; ++k) {{
        if ([[rt::select]] rt::selector s{{}}) {{
            if (auto v = s.on(value_future{{k}}); v % 3 != 0) {{
                total += v * {i};
                continue;
            }}
            if (auto w = s.on(value_future{{k + 1}}, k > 2)) {{
                total -= w;
                if (total < -1000) break;
            }}
        }} else {{
            co_return -1;
        }}
        total ^= (k << 1);
    }}
    co_return total;
}}
"""

HEAD = """// Synthetic TU for timing rt-codegen (codegen/bench/time_codegen.py).
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct value_future {
    int v;
    rt::poll_result<int> poll(rt::context&) { return v; }
};
"""

TAIL = """
[[rt::main(flavor = "current_thread")]]
rt::task<int> run() {
    int sum = 0;
%s    co_return sum == 0 ? 1 : 0;
}
"""


def cpu_of_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def median_time(cmd, runs):
    """Median wall time and median CPU time (user + sys) of `runs` runs of cmd."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), cpu_of_children()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t)
        cpu.append(cpu_of_children() - c)
    return statistics.median(wall), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--functions", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cxx", default="clang++-19")
    a = ap.parse_args()
    flags = ["-std=c++20", "-I" + os.path.join(ROOT, "src"), "-I" + os.path.join(ROOT, "codegen", "include")]
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "big.cpp")
        calls = "".join("    sum += co_await worker_%d(%d);\n" % (i, 5 + i % 7) for i in range(a.functions))
        text = HEAD + "".join(FUNC.format(i=i) for i in range(a.functions)) + TAIL % calls
        open(src, "w").write(text)
        out = os.path.join(d, "big.rt.cpp")
        tool = median_time([a.tool, src, "-o", out, "--"] + flags, a.runs)
        cc = median_time([a.cxx] + flags + ["-O2", "-g", "-c", out, "-o", os.path.join(d, "big.o")], a.runs)
        lines = text.count("\n")
        print("source: %d lines, generated: %d lines" % (lines, open(out).read().count("\n")))
        print("rt-codegen: %.2fs wall, %.2fs cpu" % tool)
        print("compile -O2 -g of the generated file: %.2fs wall, %.2fs cpu" % cc)
        print("ratio: %.2fx wall, %.2fx cpu (target < 1.5x)" % (tool[0] / cc[0], tool[1] / cc[1]))


if __name__ == "__main__":
    main()
