//! Identifiers of the platform.

/// `vorgangsNummer` per the contract's pattern `^[A-Z0-9]{6}`: six upper-case letters or
/// digits at the start. The pattern has no `$`, so longer values are valid (and then simply
/// unknown).
pub fn is_vorgangs_nummer(value: &str) -> bool {
    value.len() >= 6
        && value.as_bytes()[..6]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `partnerId` per the contract's pattern `^[A-Z]{3}[0-9]{2}` (unanchored at the end, too).
pub fn is_partner_id(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 5
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..5].iter().all(u8::is_ascii_digit)
}

/// A partner id as the platform assigns them: exactly `^[A-Z]{3}[0-9]{2}$`. Used where we
/// create partners or accept an id as an identity, so no suffix can slip through.
pub fn is_exact_partner_id(value: &str) -> bool {
    value.len() == 5 && is_partner_id(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_partner_id_is_anchored() {
        assert!(is_exact_partner_id("ABC12"));
        for bad in ["ABC12X", "ABC1", "abc12", "ÄBC12"] {
            assert!(!is_exact_partner_id(bad), "{bad}");
        }
    }

    #[test]
    fn vorgangs_nummer_follows_the_unanchored_pattern() {
        for ok in ["AB1234", "ZZZZZZ", "000000", "AB12345", "AB1234XYZ"] {
            assert!(is_vorgangs_nummer(ok), "{ok}");
        }
        for bad in ["ab1234", "AB123", "", "AB-234", "ÄB1234", "AB 234"] {
            assert!(!is_vorgangs_nummer(bad), "{bad}");
        }
    }

    #[test]
    fn partner_id_follows_the_unanchored_pattern() {
        for ok in ["ABC12", "ABC12XYZ"] {
            assert!(is_partner_id(ok), "{ok}");
        }
        for bad in ["AB12", "abc12", "ABC1X", "AB123"] {
            assert!(!is_partner_id(bad), "{bad}");
        }
    }
}
