//! Prints one generated case as pretty JSON: `cargo run -p vorgaenge-demo --example dump_case -- [index] [seed]`.

use vorgaenge_demo::{CaseGenerator, DEMO_SEED};

fn main() {
    let mut args = std::env::args().skip(1);
    let index: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let seed: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEMO_SEED);
    let c = CaseGenerator::new(seed).case(index);
    let gemerkt: Vec<serde_json::Value> = c
        .gemerkte_angebote
        .iter()
        .map(|g| serde_json::json!({ "nummerAmVorgang": g.nummer_am_vorgang, "angebot": g.angebot, "zahlungsplaene": g.zahlungsplaene }))
        .collect();
    let out = serde_json::json!({
        "vorgang": c.vorgang,
        "finanzierungsvorschlaege": c.finanzierungsvorschlaege,
        "gemerkteAngebote": gemerkt,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("serialisable")
    );
}
