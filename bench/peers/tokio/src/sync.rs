//! tokio::sync workloads: mpsc_1to1, mpsc_4to1, mutex_uncontended,
//! semaphore_contended.

use crate::sched::in_task;
use crate::{black_box, Opts, Report};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{mpsc, Mutex, Semaphore};

const MPSC_CAPACITY: usize = 1024;
const MPSC_MESSAGES: u64 = 10_000_000;

/// `producers` tasks share MPSC_MESSAGES u64 messages equally and send them
/// into one bounded channel (capacity 1024); one consumer task sums them.
/// ops = messages; time from spawning the tasks until the consumer is done.
fn mpsc_n_to_1(o: &Opts, workload: &'static str, producers: u64) -> Report {
    let elapsed = in_task(o.flavor, async move {
        let t = Instant::now();
        let (tx, mut rx) = mpsc::channel::<u64>(MPSC_CAPACITY);
        for _ in 0..producers {
            let tx = tx.clone();
            tokio::spawn(async move {
                for i in 0..MPSC_MESSAGES / producers {
                    tx.send(i).await.unwrap();
                }
            });
        }
        drop(tx);
        let consumer = tokio::spawn(async move {
            let mut sum = 0u64;
            while let Some(v) = rx.recv().await {
                sum = sum.wrapping_add(v);
            }
            sum
        });
        black_box(consumer.await.unwrap());
        t.elapsed()
    });
    Report::per_op(workload, o.flavor, MPSC_MESSAGES, elapsed)
}

/// One producer, 10,000,000 messages.
pub fn mpsc_1to1(o: &Opts) -> Report {
    mpsc_n_to_1(o, "mpsc_1to1", 1)
}

/// Four producers x 2,500,000 messages.
pub fn mpsc_4to1(o: &Opts) -> Report {
    mpsc_n_to_1(o, "mpsc_4to1", 4)
}

const MUTEX_OPS: u64 = 1_000_000;

/// One task: 1,000,000 times lock().await, bump the guarded counter, unlock.
pub fn mutex_uncontended(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let m = Mutex::new(0u64);
        let t = Instant::now();
        for _ in 0..MUTEX_OPS {
            *m.lock().await += 1;
        }
        black_box(*m.lock().await);
        t.elapsed()
    });
    Report::per_op("mutex_uncontended", o.flavor, MUTEX_OPS, elapsed)
}

const SEM_PERMITS: usize = 8;
const SEM_TASKS: u64 = 64;
const SEM_ACQUIRES_PER_TASK: u64 = 10_000;

/// Semaphore with 8 permits; 64 tasks each 10,000 times: acquire().await one
/// permit, yield_now().await while holding it, release. Holding the permit
/// across a yield keeps all 8 permits taken, so acquirers really queue.
/// ops = 640,000 acquire/release pairs.
pub fn semaphore_contended(o: &Opts) -> Report {
    let elapsed = in_task(o.flavor, async {
        let sem = Arc::new(Semaphore::new(SEM_PERMITS));
        let t = Instant::now();
        let handles: Vec<_> = (0..SEM_TASKS)
            .map(|_| {
                let sem = sem.clone();
                tokio::spawn(async move {
                    for _ in 0..SEM_ACQUIRES_PER_TASK {
                        let permit = sem.acquire().await.unwrap();
                        tokio::task::yield_now().await;
                        drop(permit);
                    }
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        t.elapsed()
    });
    Report::per_op("semaphore_contended", o.flavor, SEM_TASKS * SEM_ACQUIRES_PER_TASK, elapsed)
}
