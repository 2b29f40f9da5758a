//! tokio-bench: the Tokio 1.24 peer of rt's benchmark programs.
//!
//! `tokio-bench <workload> [--flavor current_thread|multi_thread] [--host H] [--port P]`
//! runs one workload and prints ONE line of JSON to stdout, e.g.
//! {"workload":"spawn_many","flavor":"current_thread","ops":1000000,"ns_per_op":123.4}
//! The work each workload does is specified in bench/README.md; rt's programs
//! (bench/rt/<workload>.cpp) do the same work and print the same fields.
//! Timings are taken inside the program and exclude building the runtime.

mod fs;
mod net;
mod sched;
mod sync;
mod time;

use std::process::exit;
use std::time::Duration;

/// Scheduler flavors, named as in `#[tokio::main(flavor = ...)]`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    CurrentThread,
    MultiThread,
}

impl Flavor {
    fn parse(s: &str) -> Option<Flavor> {
        match s {
            "current_thread" => Some(Flavor::CurrentThread),
            "multi_thread" => Some(Flavor::MultiThread),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current_thread",
            Flavor::MultiThread => "multi_thread",
        }
    }
}

/// Command-line options shared by all workloads.
pub struct Opts {
    pub flavor: Flavor,
    pub host: String,
    pub port: u16,
}

/// Builds the runtime every workload runs on: current_thread, or multi_thread
/// with exactly 2 workers (the machines have 2 cores).
pub fn runtime(flavor: Flavor) -> tokio::runtime::Runtime {
    let mut b = match flavor {
        Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        Flavor::MultiThread => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(2);
            b
        }
    };
    b.enable_all().build().expect("cannot build the runtime")
}

/// One result line. `fields` are printed after workload, flavor and ops.
pub struct Report {
    pub workload: &'static str,
    pub flavor: Flavor,
    pub ops: u64,
    pub fields: Vec<(&'static str, f64)>,
}

impl Report {
    /// The common case: `ops` operations took `elapsed` in total.
    pub fn per_op(workload: &'static str, flavor: Flavor, ops: u64, elapsed: Duration) -> Report {
        let ns = elapsed.as_nanos() as f64 / ops as f64;
        Report { workload, flavor, ops, fields: vec![("ns_per_op", ns)] }
    }

    fn print(&self) {
        let mut line = format!(
            "{{\"workload\":\"{}\",\"flavor\":\"{}\",\"ops\":{}",
            self.workload,
            self.flavor.name(),
            self.ops
        );
        for (k, v) in &self.fields {
            line += &format!(",\"{}\":{:.3}", k, v);
        }
        line += "}";
        println!("{}", line);
    }
}

/// Keeps the optimizer from deleting work whose result is otherwise unused
/// (std::hint::black_box needs Rust 1.66; Debian 12 ships 1.63).
pub fn black_box<T: Copy>(x: T) -> T {
    unsafe { std::ptr::read_volatile(&x) }
}

type Workload = fn(&Opts) -> Report;

/// name, default flavor, flavors allowed, function.
const WORKLOADS: &[(&str, Flavor, &[Flavor], Workload)] = {
    use Flavor::*;
    const BOTH: &[Flavor] = &[CurrentThread, MultiThread];
    const CT: &[Flavor] = &[CurrentThread];
    const MT: &[Flavor] = &[MultiThread];
    &[
        ("spawn_many", MultiThread, BOTH, sched::spawn_many),
        ("yield_many", MultiThread, MT, sched::yield_many),
        ("chained_spawn", MultiThread, MT, sched::chained_spawn),
        ("ping_pong", MultiThread, MT, sched::ping_pong),
        ("idle_bytes_per_task", CurrentThread, CT, sched::idle_bytes_per_task),
        ("select_ready", CurrentThread, CT, sched::select_ready),
        ("join_set_drain", MultiThread, MT, sched::join_set_drain),
        ("mpsc_1to1", MultiThread, MT, sync::mpsc_1to1),
        ("mpsc_4to1", MultiThread, MT, sync::mpsc_4to1),
        ("mutex_uncontended", CurrentThread, CT, sync::mutex_uncontended),
        ("semaphore_contended", MultiThread, MT, sync::semaphore_contended),
        ("sleeps", MultiThread, MT, time::sleeps),
        ("timeout_ready", CurrentThread, CT, time::timeout_ready),
        ("timer_insert_cancel", CurrentThread, CT, time::timer_insert_cancel),
        ("file_write", MultiThread, MT, fs::file_write),
        ("file_read", MultiThread, MT, fs::file_read),
        ("small_files", MultiThread, MT, fs::small_files),
        ("tcp_echo_server", MultiThread, MT, net::tcp_echo_server),
    ]
};

fn usage() -> ! {
    eprintln!("usage: tokio-bench <workload> [--flavor current_thread|multi_thread] [--host H] [--port P]");
    eprintln!("workloads:");
    for (name, _, flavors, _) in WORKLOADS {
        let f: Vec<&str> = flavors.iter().map(|f| f.name()).collect();
        eprintln!("  {:<22} {}", name, f.join(", "));
    }
    exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = match args.first() {
        Some(n) => n.as_str(),
        None => usage(),
    };
    let (_, default_flavor, flavors, run) = match WORKLOADS.iter().find(|w| w.0 == name) {
        Some(w) => *w,
        None => usage(),
    };
    let mut opts = Opts { flavor: default_flavor, host: "127.0.0.1".into(), port: 7878 };
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--flavor" => opts.flavor = Flavor::parse(value).unwrap_or_else(|| usage()),
            "--host" => opts.host = value.clone(),
            "--port" => opts.port = value.parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    if !flavors.contains(&opts.flavor) {
        eprintln!("{} does not run on {}", name, opts.flavor.name());
        exit(2);
    }
    run(&opts).print();
}
