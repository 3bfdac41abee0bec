//! Intake of customer data through the Kundenangaben API (`POST /kundenangaben`): the pure
//! part, without HTTP or storage.
//!
//! * [`parse`] reads an `ImportKundenangabenRequest` body and validates it against the
//!   contract (types, formats, enum values, required properties, at most four households,
//!   `referenzId` cross references), collecting every [`Violation`] for the 400 problem.
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
pub mod spec;
mod validation;
mod violation;

use serde::Deserialize;

pub use mapping::vorgang_members;
pub use request::Kundenangaben;
pub use violation::Violation;

/// Parses and validates an import request body (`application/json`).
///
/// Tolerant Reader: properties the contract does not know are ignored, and `null` is read
/// as "not given". On error every violation found is returned, in document order.
pub fn parse(body: &[u8]) -> Result<Kundenangaben, Vec<Violation>> {
    let document: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| vec![Violation::new("", validation::messages::not_json(&e))])?;
    let violations = validation::validate(&document);
    if !violations.is_empty() {
        return Err(violations);
    }
    spec::ImportKundenangabenRequest::deserialize(&document)
        .map(Kundenangaben::new)
        // The validator admits only what these types can read; this is a safety net.
        .map_err(|e| {
            vec![Violation::new(
                "",
                format!("kann nicht gelesen werden: {e}"),
            )]
        })
}
