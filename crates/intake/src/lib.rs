//! Intake of customer data through the Kundenangaben API (`POST /kundenangaben`): the pure
//! part, without HTTP or storage.
//!
//! * [`parse`] reads an `ImportKundenangabenRequest` body and validates it against the
//!   contract (types, formats, enum values, required properties, at most four households,
//!   `referenzId` cross references), collecting every [`Violation`] for the 400 problem;
//!   values outside an enum's list are dropped and listed, not refused.
//! * [`Kundenangaben`] is the validated request, with accessors for the metadata the HTTP
//!   layer acts on (datenkontext, betreuung, ereignistext, …).
//! * [`vorgang_members`] maps it onto the members of a v2 `Vorgang` (households and
//!   applicants, financed property, project, metadata). See [`mapping`] for what is carried
//!   over and what is deliberately not.
//!
//! The request types in [`spec`] and the validation rules are generated from the upstream
//! contract by `tools/gen-kundenangaben.py`.

pub mod mapping;
mod request;
// Generated from the contract by tools/gen-kundenangaben.py; the folder says so, the module
// keeps its name.
#[path = "generated/mod.rs"]
pub mod spec;
mod validation;
mod violation;

use serde::Deserialize;

pub use mapping::vorgang_members;
pub use request::Kundenangaben;
pub use violation::Violation;

/// Parses and validates an import request body (`application/json`).
///
/// Tolerant Reader: properties the contract does not know are ignored, `null` is read as
/// "not given", and a value outside an enum's list is dropped as if it had not been sent
/// (see [`Kundenangaben::ignorierte_werte`]); only a required property whose value is
/// dropped is a violation. On error every violation found is returned, in document order.
pub fn parse(body: &[u8]) -> Result<Kundenangaben, Vec<Violation>> {
    let mut document: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| vec![Violation::new("", validation::messages::not_json(&e))])?;
    let findings = validation::validate(&mut document);
    if !findings.violations.is_empty() {
        return Err(findings.violations);
    }
    let ignoriert = findings
        .ignored
        .into_iter()
        .map(|p| p.into_string())
        .collect();
    spec::ImportKundenangabenRequest::deserialize(&document)
        .map(|request| Kundenangaben::new(request, ignoriert))
        // The validator admits only what these types can read; this is a safety net.
        .map_err(|e| {
            vec![Violation::new(
                "",
                format!("kann nicht gelesen werden: {e}"),
            )]
        })
}
