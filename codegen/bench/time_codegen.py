#!/usr/bin/env python3
"""time_codegen.py — how long rt-codegen takes on a ~2,000-line TU, next to compiling that TU.

Writes a synthetic source (N coroutines, each with a select, a loop and some arithmetic), runs
rt-codegen on it and then compiles the generated file with clang++-19 (-O2 -g -c), each RUNS times,
and prints the medians and their ratio. The documented target is rt-codegen < 1.5x the compile.

  codegen/bench/time_codegen.py --tool build/bin/rt-codegen [--functions 100] [--runs 3]
"""
import argparse, os, statistics, subprocess, tempfile, time

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


def median_time(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


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
        print("rt-codegen: %.2fs   compile (-O2 -g): %.2fs   ratio: %.2fx" % (tool, cc, tool / cc))


if __name__ == "__main__":
    main()
