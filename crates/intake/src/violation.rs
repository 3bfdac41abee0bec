//! One entry of the `violations` list of the contract's 400 problem (`BadRequestProblem`).

use std::fmt;

use serde::Serialize;

/// A field of the request that breaks the contract, and why (German, like the upstream API).
///
/// `field` is the path from the request root: property names joined by `.`, array indices
/// in brackets, e.g. `kundenangaben.haushalte[0].kunden[1].referenzId`; the discriminator of
/// a polymorphic object is addressed as `….familienstand.@type`. The empty string stands for
/// the request body as a whole (not JSON, not an object).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Violation {
    pub field: String,
    pub message: String,
}

impl Violation {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}
