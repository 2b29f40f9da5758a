#!/usr/bin/env python3
"""Turns benchmark runs into bench/results/<workload>.json and docs/benchmarks.md (bench/run.sh calls it).

  report.py collect --workload W --raw RUNS.tsv --out bench/results/W.json
      RUNS.tsv has one line per run: impl, variant, rep, status (ok|fail|missing), and the
      program's JSON line (or the reason it failed). Writes medians and rt/peer ratios, prints a table.
  report.py docs --results bench/results --md docs/benchmarks.md --svg docs/benchmarks-ratios.svg
      Regenerates the markdown page (machine, versions, table) and the gnuplot chart of the ratios.

Standard library only.
"""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PEERS = ["tokio", "asio", "redis"]
PEER_TITLES = {"rt": "rt", "tokio": "Tokio", "asio": "Asio", "redis": "redis-server"}
# Peers whose columns appear only when some result has them (the redis workload's redis-server).
OPTIONAL_PEERS = {"redis"}

# The order of the workloads on the page, and what each measures (details: bench/README.md).
WORKLOADS = {
    "spawn_many": "spawn 1,000,000 trivial tasks, then await every join handle",
    "yield_many": "1,000 tasks x 1,000 yield_now",
    "chained_spawn": "1,000,000 hops, each task spawning the next",
    "ping_pong": "two tasks bouncing 1,000,000 messages through two mpsc(1) channels",
    "idle_bytes_per_task": "RSS growth per task of 100,000 tasks parked on a oneshot",
    "select_ready": "select over two ready futures, 1,000,000 times",
    "join_set_drain": "100,000 tasks (yield once) spawned into a join_set, drained with join_next",
    "mpsc_1to1": "10,000,000 u64 through a bounded(1024) mpsc, 1 producer",
    "mpsc_4to1": "10,000,000 u64 through a bounded(1024) mpsc, 4 producers",
    "mutex_uncontended": "1,000,000 lock/unlock of the async mutex in one task",
    "semaphore_contended": "64 tasks x 10,000 acquire/yield/release of a semaphore(8)",
    "sleeps": "100,000 concurrent sleeps of 1-100 ms",
    "timeout_ready": "1,000,000 timeout(1 s, ready future)",
    "timer_insert_cancel": "1,000,000 create + poll once + drop of a 1 s sleep",
    "file_write": "create a file, 1,024 write_all of 64 KiB, flush (ns per 64 KiB)",
    "file_read": "read a 64 MiB file to the end through a 64 KiB buffer (ns per 64 KiB)",
    "small_files": "1,000 x (write a 1 KiB file, read it back, remove it)",
    "tcp_echo": "echo server driven by bench/peers/loadgen (connections x message size)",
    "redis": "redis-benchmark SET and GET against examples/mini_redis and redis-server (clients, pipeline depth)",
}

# (field, label, better) per workload; the first one is the workload's headline (the chart's).
METRICS = {
    "idle_bytes_per_task": [("bytes_per_task", "bytes/task", "lower")],
    "sleeps": [
        ("wall_ms", "wall ms", "lower"),
        ("mean_lateness_ms", "mean lateness ms", "lower"),
        ("p99_lateness_ms", "p99 lateness ms", "lower"),
    ],
    "tcp_echo": [
        ("requests_per_sec", "req/s", "higher"),
        ("p50_us", "p50 latency µs", "lower"),
        ("p99_us", "p99 latency µs", "lower"),
    ],
    "redis": [
        ("set_rps", "SET req/s", "higher"),
        ("get_rps", "GET req/s", "higher"),
    ],
}
DEFAULT_METRICS = [("ns_per_op", "ns/op", "lower")]


def metrics_of(workload):
    return METRICS.get(workload, DEFAULT_METRICS)


# --- machine and versions ---------------------------------------------------------------------------

def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout
        return out.strip().splitlines()[0] if out.strip() else "not found"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def cpu_model():
    out = first_line(["sh", "-c", "lscpu 2>/dev/null | sed -n 's/^Model name: *//p'"])
    if out != "not found":
        return out
    try:
        with open("/proc/cpuinfo") as f:  # lscpu is not on a minimal Debian
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def tokio_version():
    try:
        lock = open(os.path.join(ROOT, "bench/peers/tokio/Cargo.lock")).read()
    except OSError:
        return "unknown (bench/peers/tokio not built)"
    m = re.search(r'name = "tokio"\nversion = "([^"]+)"', lock)
    return m.group(1) if m else "unknown"


def boost_version():
    try:
        text = open("/usr/include/boost/version.hpp").read()
    except OSError:
        return "not found"
    m = re.search(r'#define BOOST_LIB_VERSION "([^"]+)"', text)
    return m.group(1).replace("_", ".") if m else "unknown"


def rust_tools():
    cargo = os.environ.get("BENCH_CARGO") or shutil.which("cargo") or "cargo"
    rustc = os.path.join(os.path.dirname(cargo), "rustc")
    if not os.path.exists(rustc):
        rustc = "rustc"
    return first_line([rustc, "--version"]), first_line([cargo, "--version"])


def machine():
    rustc, cargo = rust_tools()
    return {
        "cpu": cpu_model(),
        "nproc": first_line(["nproc"]),
        "kernel": platform.release(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "clang": first_line(["clang++-19", "--version"]),
        "gcc": first_line(["g++-12", "--version"]),
        "rustc": rustc,
        "cargo": cargo,
        "tokio": tokio_version(),
        "boost": boost_version(),
    }


# --- collect ----------------------------------------------------------------------------------------

def read_raw(path, workload):
    """{variant: {impl: {"runs": [...], "errors": [...], "missing": bool}}}, in file order."""
    rows = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 4)
            if len(parts) < 4:
                continue
            impl, variant, _rep, status = parts[:4]
            payload = parts[4] if len(parts) > 4 else ""
            slot = rows.setdefault(variant, {}).setdefault(impl, {"runs": [], "errors": [], "missing": False})
            if status == "missing":
                slot["missing"] = True
                continue
            if status == "ok":
                try:
                    run = json.loads(payload)
                except ValueError as e:
                    slot["errors"].append("bad JSON: %s" % e)
                    continue
                problem = check_run(run, workload, variant)
                if problem:
                    slot["errors"].append(problem)
                else:
                    slot["runs"].append(run)
            else:
                slot["errors"].append(payload)
    return rows


def check_run(run, workload, variant):
    if run.get("workload") != workload:
        return "printed workload %r, expected %r" % (run.get("workload"), workload)
    if workload != "tcp_echo" and run.get("flavor") != variant:
        return "printed flavor %r, expected %r" % (run.get("flavor"), variant)
    for field, _, _ in metrics_of(workload)[:1]:
        if not isinstance(run.get(field), (int, float)):
            return "no numeric %r field" % field
    return None


def medians(runs):
    fields = sorted({k for r in runs for k, v in r.items() if isinstance(v, (int, float))})
    return {k: statistics.median(r[k] for r in runs if isinstance(r.get(k), (int, float))) for k in fields}


def cost_ratio(rt, peer, better):
    """rt's cost over the peer's: below 1 means rt does better, whichever way the metric points."""
    if rt is None or peer is None or rt <= 0 or peer <= 0:
        return None
    return rt / peer if better == "lower" else peer / rt


def collect(args):
    raw = read_raw(args.raw, args.workload)
    rows = []
    for variant, impls in raw.items():
        row = {"variant": variant, "impls": {}, "metrics": []}
        for impl, slot in impls.items():
            status = "ok" if slot["runs"] else ("missing" if slot["missing"] else "failed")
            row["impls"][impl] = {
                "status": status,
                "runs": slot["runs"],
                "errors": slot["errors"],
                "median": medians(slot["runs"]) if slot["runs"] else {},
            }
        for field, label, better in metrics_of(args.workload):
            m = {"field": field, "label": label, "better": better, "values": {}, "ratio": {}, "cost_ratio": {}}
            for impl, data in row["impls"].items():
                m["values"][impl] = data["median"].get(field)
            rt = m["values"].get("rt")
            for peer in PEERS:
                if peer in row["impls"]:
                    p = m["values"].get(peer)
                    m["ratio"][peer] = rt / p if rt is not None and p else None
                    m["cost_ratio"][peer] = cost_ratio(rt, p, better)
            row["metrics"].append(m)
        rows.append(row)
    result = {
        "workload": args.workload,
        "description": WORKLOADS.get(args.workload, ""),
        "machine": machine(),
        "rows": rows,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print_table([result], sys.stdout)


# --- tables -----------------------------------------------------------------------------------------

def fmt(v):
    if v is None:
        return None
    a = abs(v)
    if a >= 1000:
        return "{:,.0f}".format(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    return "%.2f" % v


def cell(row, impl, field):
    data = row["impls"].get(impl)
    if data is None:
        return ""
    if data["status"] != "ok":
        return "n/a" if data["status"] == "missing" else "failed"
    return fmt(data["median"].get(field)) or "n/a"


def shown_peers(results):
    """The peers that get columns: every peer but the optional ones no result has."""
    present = {impl for res in results for row in res["rows"] for impl in row["impls"]}
    return [p for p in PEERS if p not in OPTIONAL_PEERS or p in present]


def header(peers):
    return (["workload", "flavor", "metric", "rt"] + [PEER_TITLES[p] for p in peers] +
            ["rt/%s" % PEER_TITLES[p] for p in peers])


def table_rows(results):
    """Yields the cells of one table line per (workload, variant, metric)."""
    peers = shown_peers(results)
    for res in results:
        for row in res["rows"]:
            for m in row["metrics"]:
                arrow = "↓" if m["better"] == "lower" else "↑"
                line = [res["workload"], row["variant"], "%s %s" % (m["label"], arrow)]
                line += [cell(row, impl, m["field"]) for impl in ["rt"] + peers]
                for peer in peers:
                    r = m["ratio"].get(peer)
                    line.append("%.2f" % r if r is not None else ("n/a" if peer in row["impls"] else ""))
                yield line


def print_table(results, out):
    lines = [header(shown_peers(results))] + list(table_rows(results))
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    for l in lines:
        out.write("  ".join(c.ljust(w) for c, w in zip(l, widths)).rstrip() + "\n")


# --- docs -------------------------------------------------------------------------------------------

def load_results(folder):
    results = []
    for path in glob.glob(os.path.join(folder, "*.json")):
        try:
            with open(path) as f:
                results.append(json.load(f))
        except (OSError, ValueError) as e:
            print("report.py: skipping %s: %s" % (path, e), file=sys.stderr)
    # redis_suite.json (bench/redis_suite.sh) is not a workload; its table comes from redis_suite.md.
    results = [r for r in results if "workload" in r]
    order = list(WORKLOADS)
    results.sort(key=lambda r: (order.index(r["workload"]) if r["workload"] in order else len(order), r["workload"]))
    return results


def chart_points(results):
    """(label, {peer: cost ratio}) of each row's headline metric that has at least one ratio."""
    points = []
    for res in results:
        for row in res["rows"]:
            m = row["metrics"][0]
            ratios = {p: m["cost_ratio"].get(p) for p in PEERS}
            if any(v is not None for v in ratios.values()):
                points.append(("%s %s" % (res["workload"], row["variant"]), ratios))
    return points


def write_chart(points, svg):
    """Bars of log2(cost ratio) growing up or down from parity, labelled as plain ratios."""
    values = [v for _, r in points for v in r.values() if v is not None]
    lo = math.floor(min(-1.0, math.log2(min(values)) - 0.3))
    hi = math.ceil(max(1.0, math.log2(max(values)) + 0.3))
    tics = ", ".join('"%s" %d' % (("%g" % 2.0 ** e) if e >= 0 else "1/%d" % 2 ** -e, e) for e in range(lo, hi + 1))
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "ratios.dat")
        with open(data, "w") as f:
            for label, r in points:
                cols = ["%.4f" % math.log2(r[p]) if r[p] is not None else "?" for p in PEERS]
                f.write('"%s" %s\n' % (label, " ".join(cols)))
        # One bar series per peer that has a ratio somewhere (gnuplot rejects an all-missing column).
        colors = {"tokio": "#4477aa", "asio": "#ee7733", "redis": "#228833"}
        series = [(i, p) for i, p in enumerate(PEERS) if any(r[p] is not None for _, r in points)]
        plot = ", ".join("'%s' using %d%s title \"vs %s\" linecolor rgb \"%s\"" %
                         (data if n == 0 else "", i + 2, ":xtic(1)" if n == 0 else "", PEER_TITLES[p], colors[p])
                         for n, (i, p) in enumerate(series))
        script = """
set terminal svg size {w},460 dynamic noenhanced font "sans,11" background "white"
set output '{svg}'
set title "rt's cost relative to each peer (headline metric of each row; below 1 = rt better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set datafile missing "?"
set yrange [{lo}:{hi}]
set ytics ({tics})
set ylabel "rt / peer (time, bytes); peer / rt (req/s)"
set grid ytics
set key top left
set xtics rotate by 30 right scale 0 font ",9"
set xzeroaxis linetype -1 linewidth 1.5
set lmargin 16
plot {plot}
""".format(w=max(640, 60 * len(points) + 200), svg=svg, lo=lo, hi=hi, tics=tics, plot=plot)
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def write_docs(args):
    results = load_results(args.results)
    mach = machine()
    dates = sorted(r["machine"]["date"] for r in results)
    reps = sorted({len(d["runs"]) for r in results for row in r["rows"] for d in row["impls"].values() if d["runs"]})
    out = []
    w = out.append
    w("# Benchmarks: rt beside Tokio and Boost.Asio\n")
    w("Generated by `bench/run.sh` (do not edit by hand; the workloads and the rules every program follows are "
      "in [bench/README.md](../bench/README.md)). Each workload runs its programs alternately (rt, then each "
      "peer, repeated); the numbers are medians of those runs, all on the machine below in the same session.\n")
    w("## Machine\n")
    w("| | |\n| --- | --- |")
    w("| CPU | %s (nproc %s) |" % (mach["cpu"], mach["nproc"]))
    w("| kernel | %s |" % mach["kernel"])
    w("| generated | %s |" % mach["date"])
    if dates:
        w("| measured | %s to %s |" % (dates[0], dates[-1]))
    w("| runs per program | %s |" % (", ".join(str(n) for n in reps) or "none"))
    w("| clang | %s |" % mach["clang"])
    w("| g++ | %s |" % mach["gcc"])
    w("| rustc | %s (%s) |" % (mach["rustc"], mach["cargo"]))
    w("| Tokio | %s (Debian's crate sources, `cargo build --release --offline`) |" % mach["tokio"])
    w("| Boost.Asio | Boost %s (header-only, g++-12 -O2, C++20 coroutines) |" % mach["boost"])
    w("")
    w("## Results\n")
    if not results:
        w("No results yet: run `bench/run.sh`.\n")
    else:
        w("`rt/peer` is the plain ratio of the medians: for metrics marked ↓ (time, bytes) below 1 means rt "
          "does better, for ↑ (requests per second) above 1 does. `n/a`: that program does not exist (yet); "
          "`failed`: it ran but gave no valid result. Flavors: `current_thread` (one thread; Asio: one thread "
          "running an io_context), `multi_thread` (2 workers); for `tcp_echo`, connections x message size; for `redis`, "
          "redis-benchmark clients (`c50`) and pipeline depth (`P16`), both servers on loopback.\n")
        head = header(shown_peers(results))
        w("| " + " | ".join(head) + " |")
        w("|" + "|".join([" --- "] * 3 + [" ---: "] * (len(head) - 3)) + "|")
        for line in table_rows(results):
            w("| " + " | ".join(c if c else " " for c in line) + " |")
        w("")
    points = chart_points(results)
    if points:
        write_chart(points, args.svg)
        rel = os.path.relpath(args.svg, os.path.dirname(os.path.abspath(args.md)))
        w("![rt's cost relative to Tokio and Asio](%s)\n" % rel)
        w("The chart shows each row's headline metric as a cost ratio, so that below 1 always means rt is "
          "better: rt/peer for times and bytes, peer/rt for requests per second (log scale, bars grow from parity).\n")
    else:
        if os.path.exists(args.svg):
            os.remove(args.svg)
        w("No chart yet: no row has both an rt and a peer result.\n")
    suite = os.path.join(ROOT, "bench", "results", "redis_suite.md")
    if os.path.exists(suite):
        # Written by bench/redis_suite.sh (redis-benchmark's default tests, pub/sub fan-out).
        with open(suite) as f:
            w(f.read().rstrip("\n") + "\n")
    notes = os.path.join(ROOT, "bench", "notes.md")
    if os.path.exists(notes):
        # Written by hand (profiling notes: where rt trails and why); kept across regenerations.
        with open(notes) as f:
            w(f.read().rstrip("\n") + "\n")
    w("## Workloads\n")
    w("| workload | what it does |\n| --- | --- |")
    for name, what in WORKLOADS.items():
        w("| `%s` | %s |" % (name, what))
    w("")
    os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
    with open(args.md, "w") as f:
        f.write("\n".join(out))
    print_table(results, sys.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--workload", required=True)
    c.add_argument("--raw", required=True)
    c.add_argument("--out", required=True)
    d = sub.add_parser("docs")
    d.add_argument("--results", required=True)
    d.add_argument("--md", required=True)
    d.add_argument("--svg", required=True)
    args = ap.parse_args()
    collect(args) if args.cmd == "collect" else write_docs(args)


if __name__ == "__main__":
    main()
