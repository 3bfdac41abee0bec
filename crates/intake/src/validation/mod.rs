//! Validation of an import request against the contract, before it is read into the
//! typed [`crate::spec`] structs: every violation is collected, not just the first.

mod consistency;
pub(crate) mod messages;
mod path;
mod references;
pub(crate) mod schema;
mod tree;
mod walk;

use serde_json::Value;

use crate::Violation;
use crate::spec::rules;

/// Every violation of `document`, in document order per kind of check. Empty: valid.
pub(crate) fn validate(document: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    walk::check_object(document, rules::ROOT, &path::Path::root(), &mut out);
    if document.is_object() {
        references::check(document, &mut out);
        consistency::check(document, &mut out);
    }
    out
}
