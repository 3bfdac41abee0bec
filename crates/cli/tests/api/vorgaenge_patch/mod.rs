//! PATCH /v2/vorgaenge/{vorgangsNummer}: each path it sets and the event each records, the
//! media types it takes, its refusals, `test` operations, the contract's example, and
//! concurrent patches of one version.

mod concurrent;
mod contract_example;
mod media_types;
mod paths;
mod refusals;
mod test_operations;

use serde_json::Value;

/// The Antrag `antrags_nummer` inside a case body.
fn antrag_in<'a>(case: &'a Value, antrags_nummer: &str) -> &'a Value {
    case["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["antragsNummer"] == antrags_nummer)
        .unwrap_or_else(|| panic!("Antrag {antrags_nummer} in the case"))
}
