//! tokio::time workloads: sleeps, timeout_ready, timer_insert_cancel.

use crate::sched::in_task;
use crate::{black_box, Opts, Report};
use std::future::{ready, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

const SLEEPERS: usize = 100_000;

/// The sleep lengths: 1..=100 ms from a 64-bit LCG (Knuth's MMIX constants)
/// seeded with 42: x = x * 6364136223846793005 + 1442695040888963407 (mod 2^64),
/// then ms = 1 + (x >> 33) % 100, one value per task in spawn order.
fn sleep_lengths() -> Vec<Duration> {
    let mut x: u64 = 42;
    (0..SLEEPERS)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            Duration::from_millis(1 + (x >> 33) % 100)
        })
        .collect()
}

/// 100,000 tasks, each sleeping its own random 1-100 ms; each measures its
/// lateness (time slept minus requested). Reports total wall time from the
/// first spawn until the last task is joined, and mean/p99 lateness.
pub fn sleeps(o: &Opts) -> Report {
    let (wall, mut late) = in_task(o.flavor, async {
        let t = Instant::now();
        let handles: Vec<_> = sleep_lengths()
            .into_iter()
            .map(|d| {
                tokio::spawn(async move {
                    let start = Instant::now();
                    tokio::time::sleep(d).await;
                    start.elapsed().saturating_sub(d)
                })
            })
            .collect();
        let mut late = Vec::with_capacity(SLEEPERS);
        for h in handles {
            late.push(h.await.unwrap());
        }
        (t.elapsed(), late)
    });
    late.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mean = late.iter().map(|d| ms(*d)).sum::<f64>() / SLEEPERS as f64;
    let p99 = ms(late[(SLEEPERS * 99 + 99) / 100 - 1]);
    Report {
        workload: "sleeps",
        flavor: o.flavor,
        ops: SLEEPERS as u64,
        fields: vec![("wall_ms", ms(wall)), ("mean_lateness_ms", mean), ("p99_lateness_ms", p99)],
    }
}

const TIMER_OPS: u64 = 1_000_000;

/// 1,000,000 times: timeout(1 s, ready(i)).await. The inner future is ready
/// at first poll, so the timer should never need to be registered.
pub fn timeout_ready(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let mut sum = 0u64;
        for i in 0..TIMER_OPS {
            sum += tokio::time::timeout(Duration::from_secs(1), ready(i)).await.unwrap();
        }
        black_box(sum);
        t.elapsed()
    });
    Report::per_op("timeout_ready", o.flavor, TIMER_OPS, elapsed)
}

/// Polls the future it borrows exactly once; true if that poll completed it.
struct PollOnce<'a, F>(Pin<&'a mut F>);

impl<F: Future> Future for PollOnce<'_, F> {
    type Output = bool;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        Poll::Ready(self.0.as_mut().poll(cx).is_ready())
    }
}

/// 1,000,000 times: create sleep(1 s), poll it once (this inserts it into the
/// timer wheel), drop it (this removes it). Runs unconstrained, otherwise
/// Tokio's coop budget would make every poll after the 128th return Pending
/// without touching the wheel.
pub fn timer_insert_cancel(o: &Opts) -> Report {
    let elapsed = in_task(
        o.flavor,
        tokio::task::unconstrained(async {
            let t = Instant::now();
            let mut fired = 0u64;
            for _ in 0..TIMER_OPS {
                let sleep = tokio::time::sleep(Duration::from_secs(1));
                tokio::pin!(sleep);
                fired += PollOnce(sleep.as_mut()).await as u64;
            }
            black_box(fired);
            t.elapsed()
        }),
    );
    Report::per_op("timer_insert_cancel", o.flavor, TIMER_OPS, elapsed)
}
