//! Measures the generation rate single-threaded:
//! `cargo run --release -p vorgaenge-demo --example bench -- [cases] [seed]`.
//!
//! Each case is dropped right after generation, as a seeding loop does after storing it.
//! Rates are computed from the thread's CPU time (Linux `/proc/thread-self/schedstat`),
//! which is not inflated when a shared machine deschedules us, and from wall time.
//! Best of five rounds.

use std::time::Instant;
use vorgaenge_demo::{CaseGenerator, DEMO_CASES};

/// CPU time of the current thread in nanoseconds, if the kernel exposes it.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let generator = CaseGenerator::new(seed);
    let (mut best_cpu, mut best_wall) = (f64::MAX, f64::MAX);
    let mut checksum = 0usize;
    for round in 0..5u64 {
        let cpu = thread_cpu_ns();
        let wall = Instant::now();
        for i in 0..n {
            let case = generator.case(DEMO_CASES + round * n + i);
            checksum += case.gemerkte_angebote.len();
        }
        best_wall = best_wall.min(wall.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ns()) {
            best_cpu = best_cpu.min((b - a) as f64 / 1e9);
        }
    }
    println!(
        "{n} cases per round, generate + drop, single-threaded, best of 5: {:.0} cases/s by CPU time, {:.0} cases/s by wall time ({checksum})",
        n as f64 / best_cpu,
        n as f64 / best_wall
    );
}
