#!/bin/sh
# tests/fuzz/run_fuzz.sh EXE CORPUS SEEDS — runs one libFuzzer target for RT_FUZZ_SECONDS (default
# 60) from its corpus: new inputs go to CORPUS (in the build tree), SEEDS (in the tree) is read only.
exe=$1
shift
mkdir -p "$1"
exec "$exe" -max_total_time="${RT_FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
