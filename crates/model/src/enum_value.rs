//! Error type for parsing enum values from text (query parameters, patch values, …).

use std::fmt;

/// A string that is not one of an enum's values.
///
/// Returned by the generated `FromStr` impls; its `Display` text (``unknown value `X`,
/// expected one of `A`, `B` ``) is also the reason of a deserialisation error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnumValue {
    type_name: &'static str,
    value: String,
    allowed: Vec<&'static str>,
}

impl UnknownEnumValue {
    /// Creates the error for `value` given the enum's name and all of its values.
    pub fn new(
        type_name: &'static str,
        value: &str,
        allowed: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        Self {
            type_name,
            value: value.to_owned(),
            allowed: allowed.into_iter().collect(),
        }
    }

    /// Rust name of the enum, e.g. `DatenKontext`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The rejected input.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Every accepted value, in contract order.
    pub fn allowed(&self) -> &[&'static str] {
        &self.allowed
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`, expected one of ", self.value)?;
        for (i, v) in self.allowed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{v}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownEnumValue {}
