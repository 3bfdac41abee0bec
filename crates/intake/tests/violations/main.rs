//! One test per kind of violation, and the shape of the violation list.
//!
//! One test binary, its tests in a module a subject (the body as a whole, the schema,
//! the rules across households and customers); this file holds the helpers they share.

#[path = "../common/mod.rs"]
mod common;

mod body;
mod households;
mod schema;

use serde_json::json;
use vorgaenge_intake::Violation;

fn v(field: &str, message: &str) -> Violation {
    Violation::new(field, message)
}

fn minimal() -> serde_json::Value {
    json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [ { "kunden": [ { "referenzId": "k1" } ] } ] }
    })
}
