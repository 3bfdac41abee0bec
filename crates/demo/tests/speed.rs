//! Generation rate. Run with
//! `cargo test --release -p vorgaenge-demo --test speed -- --ignored --nocapture`.

use std::time::Instant;
use vorgaenge_demo::CaseGenerator;

#[test]
#[ignore = "benchmark; run in release mode"]
fn cases_per_second_single_threaded() {
    let generator = CaseGenerator::new(1);
    // Warm-up.
    let mut bytes = 0usize;
    for i in 0..2_000u64 {
        bytes += generator.case(i).vorgang.as_object().map_or(0, |o| o.len());
    }
    let n = 50_000u64;
    let start = Instant::now();
    for i in 0..n {
        let c = generator.case(10_000 + i);
        bytes += c.finanzierungsvorschlaege.len() + c.gemerkte_angebote.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = n as f64 / secs;
    println!("generated {n} cases in {secs:.2} s: {rate:.0} cases/s ({bytes})");
    assert!(rate >= 20_000.0, "only {rate:.0} cases/s");
}
