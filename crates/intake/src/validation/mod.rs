//! Validation of an import request against the contract, before it is read into the
//! typed [`crate::spec`] structs: every violation is collected, not just the first, and
//! values outside an enum's list are removed (Tolerant Reader) and reported.

mod consistency;
pub(crate) mod messages;
mod path;
mod references;
pub(crate) mod schema;
mod tree;
mod walk;

use serde_json::Value;

use crate::spec::rules;

pub(crate) use walk::Findings;

/// Checks `document`, removing the enum values it does not know. No violations: valid.
/// The references and consistency rules see the document as it will be read, so a
/// removed value takes part in neither.
pub(crate) fn validate(document: &mut Value) -> Findings {
    let mut findings = Findings::default();
    walk::check_object(document, rules::ROOT, &path::Path::root(), &mut findings);
    if document.is_object() {
        references::check(document, &mut findings.violations);
        consistency::check(document, &mut findings.violations);
    }
    findings
}
