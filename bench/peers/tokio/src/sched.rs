//! Scheduler workloads: spawn_many, yield_many, chained_spawn, ping_pong,
//! idle_bytes_per_task, select_ready, join_set_drain. Each measures from inside a task that
//! was itself spawned on the runtime (so on multi_thread it runs on a worker).

use crate::{black_box, runtime, Flavor, Opts, Report};
use std::future::{ready, Future};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Runs `body` as a spawned task on a fresh runtime of `flavor`, returns its value.
pub fn in_task<F, T>(flavor: Flavor, body: F) -> T
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    runtime(flavor).block_on(async move { tokio::spawn(body).await.expect("benchmark task failed") })
}

const SPAWN_MANY: u64 = 1_000_000;

/// Spawn 1,000,000 trivial tasks (each returns its index), then await every
/// JoinHandle in spawn order and sum the results.
pub fn spawn_many(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let mut handles = Vec::with_capacity(SPAWN_MANY as usize);
        for i in 0..SPAWN_MANY {
            handles.push(tokio::spawn(async move { i }));
        }
        let mut sum = 0u64;
        for h in handles {
            sum += h.await.unwrap();
        }
        black_box(sum);
        t.elapsed()
    });
    Report::per_op("spawn_many", o.flavor, SPAWN_MANY, elapsed)
}

const JOIN_SET_DRAIN: u64 = 100_000;

/// Spawn 100,000 tasks into a JoinSet (each yields once, then returns its
/// index), then join_next until the set is empty, summing the outputs.
pub fn join_set_drain(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        for i in 0..JOIN_SET_DRAIN {
            set.spawn(async move {
                tokio::task::yield_now().await;
                i
            });
        }
        let mut sum = 0u64;
        while let Some(r) = set.join_next().await {
            sum += r.unwrap();
        }
        assert_eq!(sum, JOIN_SET_DRAIN * (JOIN_SET_DRAIN - 1) / 2);
        black_box(sum);
        t.elapsed()
    });
    Report::per_op("join_set_drain", o.flavor, JOIN_SET_DRAIN, elapsed)
}

const YIELD_TASKS: u64 = 1_000;
const YIELDS_PER_TASK: u64 = 1_000;

/// 1,000 tasks each calling yield_now 1,000 times; ops = 1,000,000 yields.
pub fn yield_many(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let handles: Vec<_> = (0..YIELD_TASKS)
            .map(|_| {
                tokio::spawn(async {
                    for _ in 0..YIELDS_PER_TASK {
                        tokio::task::yield_now().await;
                    }
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        t.elapsed()
    });
    Report::per_op("yield_many", o.flavor, YIELD_TASKS * YIELDS_PER_TASK, elapsed)
}

const CHAIN: u64 = 1_000_000;

fn chain(left: u64, done: oneshot::Sender<()>) {
    if left == 0 {
        let _ = done.send(());
    } else {
        tokio::spawn(async move { chain(left - 1, done) });
    }
}

/// 1,000,000 hops: each task spawns the next and exits; the last one sends
/// on a oneshot that the measuring task awaits. ops = hops.
pub fn chained_spawn(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let (tx, rx) = oneshot::channel();
        chain(CHAIN, tx);
        rx.await.unwrap();
        t.elapsed()
    });
    Report::per_op("chained_spawn", o.flavor, CHAIN, elapsed)
}

const PING_PONG_MESSAGES: u64 = 1_000_000;

/// Two tasks bounce a counter through a pair of mpsc channels of capacity 1:
/// 500,000 round trips = 1,000,000 messages; ops = messages.
pub fn ping_pong(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let (ping_tx, mut ping_rx) = mpsc::channel::<u64>(1);
        let (pong_tx, mut pong_rx) = mpsc::channel::<u64>(1);
        let ponger = tokio::spawn(async move {
            while let Some(v) = ping_rx.recv().await {
                pong_tx.send(v + 1).await.unwrap();
            }
        });
        let pinger = tokio::spawn(async move {
            let mut v = 0;
            for _ in 0..PING_PONG_MESSAGES / 2 {
                ping_tx.send(v).await.unwrap();
                v = pong_rx.recv().await.unwrap();
            }
            v
        });
        black_box(pinger.await.unwrap());
        ponger.await.unwrap();
        t.elapsed()
    });
    Report::per_op("ping_pong", o.flavor, PING_PONG_MESSAGES, elapsed)
}

const IDLE_TASKS: usize = 100_000;

/// Resident set size in bytes, from /proc/self/statm.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64
}

/// Spawn 100,000 tasks that each await a oneshot receiver whose sender is kept
/// alive; once all have started and are suspended, report
/// (RSS after - RSS before) / 100,000. Includes the channel and the Vec slot
/// holding its sender.
pub fn idle_bytes_per_task(o: &Opts) -> Report {
    let bytes = in_task(o.flavor, async {
        let started = Arc::new(AtomicUsize::new(0));
        let before = rss_bytes();
        let mut senders = Vec::with_capacity(IDLE_TASKS);
        for _ in 0..IDLE_TASKS {
            let (tx, rx) = oneshot::channel::<()>();
            senders.push(tx);
            let started = started.clone();
            tokio::spawn(async move {
                started.fetch_add(1, Ordering::Relaxed);
                let _ = rx.await;
            });
        }
        while started.load(Ordering::Relaxed) < IDLE_TASKS {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let after = rss_bytes();
        drop(senders);
        (after as f64 - before as f64) / IDLE_TASKS as f64
    });
    Report {
        workload: "idle_bytes_per_task",
        flavor: o.flavor,
        ops: IDLE_TASKS as u64,
        fields: vec![("bytes_per_task", bytes)],
    }
}

const SELECTS: u64 = 1_000_000;

/// 1,000,000 times: tokio::select! (random start, not biased) over two
/// futures that are ready at first poll; the winner's value is summed.
pub fn select_ready(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let t = Instant::now();
        let mut sum = 0u64;
        for i in 0..SELECTS {
            tokio::select! {
                a = ready(i) => sum += a,
                b = ready(i + 1) => sum += b,
            }
        }
        black_box(sum);
        t.elapsed()
    });
    Report::per_op("select_ready", o.flavor, SELECTS, elapsed)
}
