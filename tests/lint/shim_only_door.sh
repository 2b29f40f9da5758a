#!/bin/sh
# tests/lint/shim_only_door.sh — issue #15 item 1: "the shim is the only door".
#
# Fails (exit 1, listing file:line) when a source under src/ outside src/rt/shim/ names a
# synchronization primitive directly instead of through rt::shim (src/rt/shim/sync.hpp), so that
# the model checker (RT_SHIM_HEADER) sees every atomic, fence, lock, wait, yield and thread.
# Comments (`// ...`) are ignored. Usage: shim_only_door.sh [repo root]. Run by CTest, label lint.
root=${1:-$(dirname "$0")/../..}
cd "$root" || exit 2
pattern='std::(atomic|atomic_thread_fence|atomic_signal_fence|atomic_flag|mutex|recursive_mutex|shared_mutex|timed_mutex|condition_variable|condition_variable_any|thread|jthread|this_thread)\b|SYS_futex|pthread_create|sched_yield'
status=0
for f in $(find src -name '*.hpp' -o -name '*.cpp' -o -name '*.h' | grep -v '^src/rt/shim/' | sort); do
    # Drop // comments, then report each offending line with its number.
    hits=$(sed 's://.*$::' "$f" | grep -nE "$pattern")
    if [ -n "$hits" ]; then
        echo "$hits" | sed "s|^|$f:|"
        status=1
    fi
done
if [ $status -ne 0 ]; then
    echo "shim_only_door: use rt::shim::... (src/rt/shim/sync.hpp) instead of the names above" >&2
fi
exit $status
