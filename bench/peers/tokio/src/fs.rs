//! tokio::fs workloads: file_write, file_read, small_files (sizes as in
//! bench/rt/fs_common.hpp). Files live in a scratch folder under $TMPDIR
//! (default /tmp) that is removed at the end.

use crate::sched::in_task;
use crate::{black_box, Opts, Report};
use std::path::PathBuf;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CHUNK_BYTES: usize = 64 * 1024;
const FILE_CHUNKS: usize = 1024;
const SMALL_FILES: usize = 1000;
const SMALL_FILE_BYTES: usize = 1024;

/// A fresh folder for one run, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(workload: &str) -> Scratch {
        let base = std::env::var_os("TMPDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
        let dir = base.join(format!("tokio-bench-{}-{}", workload, std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("cannot create the scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Create a file, 1,024 write_all of 64 KiB, flush. ops = writes.
pub fn file_write(o: &Opts) -> Report {
    let dir = Scratch::new("file_write");
    let path = dir.0.join("data");
    let p = path.clone();
    let elapsed = in_task(o.flavor, async move {
        let chunk = vec![0x5au8; CHUNK_BYTES];
        let t = Instant::now();
        let mut f = tokio::fs::File::create(&p).await.unwrap();
        for _ in 0..FILE_CHUNKS {
            f.write_all(&chunk).await.unwrap();
        }
        f.flush().await.unwrap();
        t.elapsed()
    });
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, CHUNK_BYTES * FILE_CHUNKS);
    Report::per_op("file_write", o.flavor, FILE_CHUNKS as u64, elapsed)
}

/// Read a 64 MiB file (written before the clock starts) to the end through a
/// 64 KiB buffer. ops = 64 KiB chunks of data.
pub fn file_read(o: &Opts) -> Report {
    let dir = Scratch::new("file_read");
    let path = dir.0.join("data");
    std::fs::write(&path, vec![b'r'; CHUNK_BYTES * FILE_CHUNKS]).unwrap();
    let elapsed = in_task(o.flavor, async move {
        let mut buf = vec![0u8; CHUNK_BYTES];
        let (mut total, mut sum) = (0usize, 0u64);
        let t = Instant::now();
        let mut f = tokio::fs::File::open(&path).await.unwrap();
        loop {
            let n = f.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            total += n;
            sum = sum.wrapping_add(buf[n - 1] as u64);
        }
        let e = t.elapsed();
        black_box(sum);
        assert_eq!(total, CHUNK_BYTES * FILE_CHUNKS);
        e
    });
    Report::per_op("file_read", o.flavor, FILE_CHUNKS as u64, elapsed)
}

/// 1,000 times: fs::write a 1 KiB file, fs::read it, fs::remove_file. ops = files.
pub fn small_files(o: &Opts) -> Report {
    let dir = Scratch::new("small_files");
    let base = dir.0.clone();
    let elapsed = in_task(o.flavor, async move {
        let content = vec![b's'; SMALL_FILE_BYTES];
        let mut read_bytes = 0usize;
        let t = Instant::now();
        for i in 0..SMALL_FILES {
            let path = base.join(format!("f{}", i));
            tokio::fs::write(&path, &content).await.unwrap();
            read_bytes += tokio::fs::read(&path).await.unwrap().len();
            tokio::fs::remove_file(&path).await.unwrap();
        }
        let e = t.elapsed();
        assert_eq!(read_bytes, SMALL_FILES * SMALL_FILE_BYTES);
        e
    });
    Report::per_op("small_files", o.flavor, SMALL_FILES as u64, elapsed)
}
