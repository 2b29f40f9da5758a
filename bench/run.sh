#!/usr/bin/env bash
# bench/run.sh — rt's benchmarks side by side with Tokio 1.24 and Boost.Asio (bench/README.md).
#
#   bench/run.sh                 build the peers, run every workload, write bench/results/*.json,
#                                regenerate docs/benchmarks.md and docs/benchmarks-ratios.svg
#   bench/run.sh WORKLOAD...     the same for these workloads only (the docs keep the others' results)
#   bench/run.sh --build-only    install what is missing and build the peers, nothing else
#   bench/run.sh --list          the workloads and the programs that run them
#   options: --no-build (use the peer binaries as they are), --no-build-rt (don't ask ninja to
#            bring rt's bench programs up to date), --reps N (default 5; echo runs use 3)
#
# Each workload runs its programs alternately, rt then each peer, REPS times (A B A B ...), and the
# report takes medians. rt's programs are looked for in $RT_BIN (default: build/modules/bin, then
# build/modules); a missing one gives "n/a" in its row and the run goes on. Loopback only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PEERS=$ROOT/bench/peers
RESULTS=$ROOT/bench/results
TMP=$RESULTS/tmp/run.$$          # scratch of this run (git-ignored), removed at exit
REPORT=$ROOT/bench/tools/report.py
RT_BUILD=${RT_BUILD:-$ROOT/build/modules}
REPS=${BENCH_REPS:-5}
ECHO_REPS=${BENCH_ECHO_REPS:-3}
ECHO_SECONDS=${BENCH_ECHO_SECONDS:-3}
REDIS_REPS=${BENCH_REDIS_REPS:-3}
PEER_CXX=${PEER_CXX:-g++-12}
PEER_CXXFLAGS=(-O2 -std=c++20 -pthread)
RUN_TIMEOUT=300                 # seconds one program may take before it counts as failed

TOKIO_BIN=$PEERS/tokio/target/release/tokio-bench
ASIO_DIR=$PEERS/asio/target
LOADGEN=$PEERS/loadgen/target/loadgen

ALL_WORKLOADS=(spawn_many yield_many chained_spawn ping_pong idle_bytes_per_task select_ready join_set_drain
               mpsc_1to1 mpsc_4to1 mutex_uncontended semaphore_contended
               sleeps timeout_ready timer_insert_cancel file_write file_read small_files tcp_echo redis)

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "run.sh: $*" >&2; }

# --- the workload table ---------------------------------------------------------------------------
# variants_of WORKLOAD: the flavors it runs on (for tcp_echo: the load shapes CONNSxSIZE).
variants_of() {
  case $1 in
    spawn_many) echo "current_thread multi_thread" ;;
    idle_bytes_per_task | select_ready | mutex_uncontended | timeout_ready | timer_insert_cancel)
      echo current_thread ;;
    tcp_echo) echo "64x64B 16x16KiB" ;;
    redis) echo "c50_P1 c50_P16" ;;  # redis-benchmark: 50 clients, pipeline depth 1 and 16
    *) echo multi_thread ;;
  esac
}

# peers_of WORKLOAD VARIANT: the peer programs compared with rt in that row.
peers_of() {
  case $1:$2 in
    spawn_many:current_thread | timer_insert_cancel:* | tcp_echo:*) echo "tokio asio" ;;
    redis:*) echo redis ;;
    *) echo tokio ;;
  esac
}

# rt_program NAME: path of rt's program NAME (bench_<workload> or echo), or nothing.
rt_program() {
  local dir
  for dir in ${RT_BIN:-} "$RT_BUILD/bin" "$RT_BUILD"; do
    [ -x "$dir/$1" ] && [ -f "$dir/$1" ] && { echo "$dir/$1"; return; }
  done
  return 0
}

# command_of IMPL WORKLOAD VARIANT: prints the command line (one word a line), or nothing when that
# implementation has no program for it. For tcp_echo and redis it is the server's command, minus
# --port.
command_of() {
  local impl=$1 workload=$2 variant=$3 exe
  if [ "$workload" = redis ]; then
    case $impl in
      rt) exe=$(rt_program mini_redis); [ -n "$exe" ] && printf '%s\n' "$exe" --host 127.0.0.1 ;;
      redis) exe=$(command -v redis-server || true)
             [ -n "$exe" ] && printf '%s\n' "$exe" --bind 127.0.0.1 --save '' --appendonly no --daemonize no ;;
    esac
    return 0
  fi
  if [ "$workload" = tcp_echo ]; then
    local args=()
    case $impl in
      rt) exe=$(rt_program echo) ;;
      tokio) exe=$TOKIO_BIN args=(tcp_echo_server) ;;
      asio) exe=$ASIO_DIR/echo_server ;;
    esac
    [ -n "$exe" ] && [ -x "$exe" ] && printf '%s\n' "$exe" "${args[@]}" --host 127.0.0.1
    return 0
  fi
  case $impl in
    rt) exe=$(rt_program "bench_$workload"); [ -n "$exe" ] && printf '%s\n' "$exe" --flavor "$variant" ;;
    tokio) [ -x "$TOKIO_BIN" ] && printf '%s\n' "$TOKIO_BIN" "$workload" --flavor "$variant" ;;
    asio) [ -x "$ASIO_DIR/$workload" ] && printf '%s\n' "$ASIO_DIR/$workload" ;;
  esac
  return 0
}

# --- dependencies and builds ----------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo -E "$@"
  else die "needs root (or sudo) to run: $*"
  fi
}

find_cargo() {
  CARGO=$(command -v cargo || true)
  [ -z "$CARGO" ] && [ -x "$HOME/.cargo/bin/cargo" ] && CARGO=$HOME/.cargo/bin/cargo
  export BENCH_CARGO=$CARGO     # report.py names the rustc next to it
  return 0
}

ensure_deps() {
  local need=()
  find_cargo
  [ -n "$CARGO" ] || need+=(cargo)
  compgen -G '/usr/share/cargo/registry/tokio-1.*' >/dev/null || need+=(librust-tokio-dev)
  [ -f /usr/include/boost/asio.hpp ] || need+=(libboost1.81-dev)
  command -v python3 >/dev/null || need+=(python3)
  command -v gnuplot >/dev/null || need+=(gnuplot-nox)
  command -v "$PEER_CXX" >/dev/null || need+=("$PEER_CXX")
  command -v redis-benchmark >/dev/null || need+=(redis-tools)
  command -v redis-server >/dev/null || need+=(redis-server)
  [ ${#need[@]} = 0 ] && return 0
  note "apt-get install ${need[*]}"
  local log=${TMPDIR:-/tmp}/rt-bench-apt.log
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"; } \
       </dev/null >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "apt-get failed (log: $log)"
  fi
  find_cargo
  [ -n "$CARGO" ] || die "cargo is still missing"
}

# build_cxx OUT SRC [DEPS...]: compiles SRC into OUT with the peer compiler unless OUT is newer.
build_cxx() {
  local out=$1 src=$2 dep fresh=1
  shift 2
  for dep in "$src" "$@"; do [ "$out" -nt "$dep" ] || fresh=0; done
  [ $fresh = 1 ] && return 0
  mkdir -p "$(dirname "$out")"
  echo "  $PEER_CXX ${PEER_CXXFLAGS[*]} -o ${out#"$ROOT"/} ${src#"$ROOT"/}"
  "$PEER_CXX" "${PEER_CXXFLAGS[@]}" -o "$out" "$src"
}

build_peers() {
  ensure_deps
  echo "==> building the peers"
  # Without a lock file cargo resolves against the directory source again (one version of each
  # crate): a lock written by a newer cargo would stop Debian's cargo.
  rm -f "$PEERS/tokio/Cargo.lock"
  (cd "$PEERS/tokio" && "$CARGO" build --release --offline --quiet) || die "cargo build of bench/peers/tokio failed"
  local pids=() p status=0
  build_cxx "$LOADGEN" "$PEERS/loadgen/loadgen.cpp" & pids+=($!)
  for p in spawn_many timer_insert_cancel echo_server; do
    build_cxx "$ASIO_DIR/$p" "$PEERS/asio/$p.cpp" "$PEERS/asio/common.hpp" & pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
  [ $status = 0 ] || die "building a C++ peer program failed"
}

# Brings rt's bench programs and the echo example up to date when build/modules is configured.
build_rt() {
  [ -f "$RT_BUILD/build.ninja" ] && command -v ninja >/dev/null || {
    note "$RT_BUILD is not configured: using rt's programs as they are (./build.sh demo configures it)"
    return 0
  }
  local targets
  targets=$(ninja -C "$RT_BUILD" -t targets all 2>/dev/null | sed -n 's/^\(bench_[A-Za-z0-9_]*\|echo\|mini_redis\): .*/\1/p' | sort -u)
  [ -n "$targets" ] || { note "no bench_* or echo targets in $RT_BUILD"; return 0; }
  echo "==> ninja -C ${RT_BUILD#"$ROOT"/} $(echo $targets)"
  ninja -C "$RT_BUILD" -k 0 $targets >"$TMP/rt-build.log" 2>&1 ||
    { tail -n 20 "$TMP/rt-build.log" >&2; note "some of rt's bench programs failed to build; their rows use what is there"; }
}

# --- running --------------------------------------------------------------------------------------
SERVER_PID=
# stop_server: SIGTERM, then SIGKILL if it is still there after 5 s.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
cleanup() {
  stop_server
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# last_json FILE: the last line of FILE that looks like a JSON object.
last_json() { grep '^{.*}$' "$1" | tail -n 1; }

# report_run STATUS OUT ERR: sets RESULT to "ok<TAB>JSON" or "fail<TAB>why".
report_run() {
  local json
  json=$(last_json "$2" || true)
  if [ "$1" = 0 ] && [ -n "$json" ]; then RESULT=$(printf 'ok\t%s' "$json")
  else RESULT=$(printf 'fail\texit %s: %s' "$1" "$(tail -n 1 "$3" | tr '\t' ' ')"); fi
}

# run_program WORKLOAD VARIANT CMD...: runs a benchmark program; sets RESULT (see report_run).
run_program() {
  local out=$TMP/out.txt err=$TMP/err.txt status=0
  shift 2
  timeout "$RUN_TIMEOUT" "$@" >"$out" 2>"$err" </dev/null || status=$?
  report_run "$status" "$out" "$err"
}

# run_echo WORKLOAD VARIANT SERVER-CMD...: starts the server on a free port, drives it with loadgen
# for ECHO_SECONDS, stops it. Sets RESULT like run_program.
run_echo() {
  local variant=$2 conns size port out=$TMP/out.txt err=$TMP/err.txt status=0
  shift 2
  conns=${variant%%x*} size=${variant#*x}
  size=${size%B}; [[ $size == *Ki ]] && size=$(( ${size%Ki} * 1024 ))
  port=$(free_port)
  "$@" --port "$port" >"$TMP/server.log" 2>&1 </dev/null &
  SERVER_PID=$!
  timeout $((ECHO_SECONDS + 30)) "$LOADGEN" --host 127.0.0.1 --port "$port" --connections "$conns" \
    --size "$size" --duration "$ECHO_SECONDS" --warmup 0.5 --connect-timeout 10 >"$out" 2>"$err" || status=$?
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    status="$status, server died"
    cat "$TMP/server.log" >>"$err"
  fi
  stop_server
  report_run "$status" "$out" "$err"
}

# run_redis WORKLOAD VARIANT SERVER-CMD...: starts a Redis server (rt's mini_redis or redis-server)
# on a free port, waits until it answers PING, runs redis-benchmark SET and GET against it (variant
# cNN_PK: NN clients, pipeline depth K), stops it. The CSV becomes one JSON line; sets RESULT.
run_redis() {
  local variant=$2 clients pipeline requests port out=$TMP/out.txt err=$TMP/err.txt status=0 i
  shift 2
  clients=${variant%%_*} clients=${clients#c} pipeline=${variant#*_P}
  requests=$(( pipeline > 1 ? 500000 : 100000 ))
  port=$(free_port)
  "$@" --port "$port" >"$TMP/server.log" 2>&1 </dev/null &
  SERVER_PID=$!
  for ((i = 0; i < 100; i++)); do
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.05
  done
  timeout 120 redis-benchmark -h 127.0.0.1 -p "$port" -t set,get -n "$requests" -c "$clients" \
    -P "$pipeline" -q --csv >"$TMP/redis.csv" 2>"$err" </dev/null || status=$?
  awk -F, -v v="$variant" -v n="$requests" '{ gsub(/"/, "") }
    $1 == "SET" { set = $2; p50 = $5 } $1 == "GET" { get = $2 }
    END { if (set != "" && get != "") printf "{\"workload\":\"redis\",\"flavor\":\"%s\",\"ops\":%d,\"set_rps\":%s,\"get_rps\":%s,\"set_p50_ms\":%s}\n", v, n, set, get, p50 }' \
    "$TMP/redis.csv" >"$out"
  [ -s "$out" ] || cat "$TMP/redis.csv" >>"$err"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    status="$status, server died"
    cat "$TMP/server.log" >>"$err"
  fi
  stop_server
  report_run "$status" "$out" "$err"
}

# run_workload WORKLOAD: every variant, impls alternating, then the report for it.
run_workload() {
  local workload=$1 variant impl rep reps=$REPS raw=$TMP/$1.tsv runner=run_program cmd
  [ "$workload" = tcp_echo ] && reps=$ECHO_REPS runner=run_echo
  [ "$workload" = redis ] && reps=$REDIS_REPS runner=run_redis
  : >"$raw"
  echo "==> $workload"
  for variant in $(variants_of "$workload"); do
    local impls=(rt $(peers_of "$workload" "$variant"))
    for ((rep = 1; rep <= reps; rep++)); do
      for impl in "${impls[@]}"; do
        mapfile -t cmd < <(command_of "$impl" "$workload" "$variant")
        if [ ${#cmd[@]} = 0 ]; then
          RESULT=$(printf 'missing\tno program')
        else
          $runner "$workload" "$variant" "${cmd[@]}"
        fi
        printf '%s\t%s\t%s\t%s\n' "$impl" "$variant" "$rep" "$RESULT" >>"$raw"
        if [ "$rep" = 1 ] || [[ $RESULT != missing* ]]; then
          printf '  %-14s %-6s #%s  %s\n' "$variant" "$impl" "$rep" "$(cut -c1-150 <<<"$RESULT")"
        fi
      done
    done
  done
  python3 "$REPORT" collect --workload "$workload" --raw "$raw" --out "$RESULTS/$workload.json"
}

list_workloads() {
  local w v
  for w in "${ALL_WORKLOADS[@]}"; do
    for v in $(variants_of "$w"); do printf '%-22s %-15s rt %s\n' "$w" "$v" "$(peers_of "$w" "$v")"; done
  done
}

# --- main -----------------------------------------------------------------------------------------
BUILD=1 BUILD_RT=1 BUILD_ONLY=0 SELECTED=()
while [ $# -gt 0 ]; do
  case $1 in
    --build-only) BUILD_ONLY=1 ;;
    --no-build) BUILD=0 ;;
    --no-build-rt) BUILD_RT=0 ;;
    --reps) REPS=${2:?--reps needs a number}; shift ;;
    --list) list_workloads; exit 0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ " ${ALL_WORKLOADS[*]} " == *" $1 "* ]] || die "unknown workload $1 (see --list)"; SELECTED+=("$1") ;;
  esac
  shift
done
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=("${ALL_WORKLOADS[@]}")

mkdir -p "$TMP"
find_cargo
if [ $BUILD = 1 ]; then build_peers; fi
[ $BUILD_ONLY = 1 ] && exit 0
[ -x "$TOKIO_BIN" ] && [ -x "$LOADGEN" ] || die "the peers are not built (run without --no-build)"
if [ $BUILD_RT = 1 ]; then build_rt; fi

start=$SECONDS
for workload in "${SELECTED[@]}"; do run_workload "$workload"; done
python3 "$REPORT" docs --results "$RESULTS" --md "$ROOT/docs/benchmarks.md" --svg "$ROOT/docs/benchmarks-ratios.svg"
echo "==> done in $((SECONDS - start)) s: bench/results/, docs/benchmarks.md, docs/benchmarks-ratios.svg"
