//! Field-by-field tests of the mapping onto the v2 `Vorgang`.
//!
//! One test binary, its tests in a module a subject (metadata, applicants, households,
//! the financed property, the Vorhaben); this file holds the helpers they share.

#[path = "../common/mod.rs"]
mod common;

mod applicants;
mod households;
mod metadata;
mod property;
mod vorhaben;

use common::{fixture, parse_ok};
use serde_json::{Value, json};
use vorgaenge_intake::vorgang_members;

fn members(document: &Value) -> Value {
    Value::Object(vorgang_members(&parse_ok(document), &common::stichtag()))
}

fn zwei_personen() -> Value {
    members(&fixture("zwei_personen_haushalt.json"))
}

fn kauf() -> Value {
    members(&fixture("kauf_mit_finanzierungsbedarf.json"))
}

/// A request with one customer `k1` and the given `kundenangaben` members merged in.
fn mit(angaben: Value) -> Value {
    let mut doc = json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [ { "kunden": [ { "referenzId": "k1" } ] } ] }
    });
    for (key, value) in angaben.as_object().unwrap() {
        doc["kundenangaben"][key] = value.clone();
    }
    members(&doc)
}
