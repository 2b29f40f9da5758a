// bench/rt/mpsc_4to1.cpp — `mpsc_4to1` workload (bench/README.md): as mpsc_1to1 (bounded mpsc of
// capacity 1024, one consumer task summing) with 4 producer tasks x 2,500,000 u64.
#define RT_BENCH_MPSC_PRODUCERS 4
#define RT_BENCH_MPSC_NAME "mpsc_4to1"
#include "mpsc_1to1.cpp"  // NOLINT(bugprone-suspicious-include): the same program, other constants
