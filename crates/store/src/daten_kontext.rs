//! The data context of a case, as the store keeps it in its `daten_kontext` column.
//!
//! The contract's enum `DatenKontext` has these two values; the store has its own copy so that
//! it does not depend on the generated model. The server converts between the two where it
//! hands a case's context to the access rules.

use std::fmt;
use std::str::FromStr;

/// Production data or test data: a case belongs to exactly one, and the list shows one at a
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatenKontext {
    TestModus,
    EchtGeschaeft,
}

impl DatenKontext {
    /// Every variant, in contract order.
    pub const ALL: [Self; 2] = [Self::TestModus, Self::EchtGeschaeft];

    /// The contract's value, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TestModus => "TEST_MODUS",
            Self::EchtGeschaeft => "ECHT_GESCHAEFT",
        }
    }
}

impl fmt::Display for DatenKontext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is neither `TEST_MODUS` nor `ECHT_GESCHAEFT`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`, expected one of `TEST_MODUS`, `ECHT_GESCHAEFT`")]
pub struct UnknownDatenKontext(pub String);

impl FromStr for DatenKontext {
    type Err = UnknownDatenKontext;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| UnknownDatenKontext(value.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_writes_and_nothing_else() {
        for k in DatenKontext::ALL {
            assert_eq!(k.as_str().parse(), Ok(k));
            assert_eq!(k.to_string(), k.as_str());
        }
        assert_eq!(
            "test_modus"
                .parse::<DatenKontext>()
                .unwrap_err()
                .to_string(),
            "unknown value `test_modus`, expected one of `TEST_MODUS`, `ECHT_GESCHAEFT`"
        );
    }
}
