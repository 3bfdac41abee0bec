//! GET /v2/vorgaenge: order, filters, every change-time form, bounds and paging links.

mod change_time;
mod order;
mod paging;
mod parameters;

use serde_json::Value;
use vorgaenge_store::Timestamp;

use crate::support::demo_cases;

/// The numbers the list must show, computed from the generator's output: one data context,
/// not archived, ordered by (letzteAenderung, vorgangsNummer).
fn expected(kontext: &str, ascending: bool, keep: impl Fn(i64) -> bool) -> Vec<String> {
    let mut cases: Vec<_> = demo_cases()
        .iter()
        .filter(|c| c.daten_kontext == kontext && c.status != "ARCHIVIERT")
        .map(|c| {
            (
                Timestamp::from(c.letzte_aenderung).0,
                c.vorgangs_nummer.clone(),
            )
        })
        .filter(|(t, _)| keep(*t))
        .collect();
    cases.sort();
    if !ascending {
        cases.reverse();
    }
    cases.into_iter().map(|(_, nr)| nr).collect()
}

fn numbers(page: &Value) -> Vec<String> {
    page["vorgaenge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["vorgangsNummer"].as_str().unwrap().to_owned())
        .collect()
}

fn micros(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_micros()
}
