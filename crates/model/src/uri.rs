//! `format: uri` values.

use crate::text::{excerpt, validated_string};

/// An absolute URI: a scheme (`[A-Za-z][A-Za-z0-9+.-]*`), a colon, and a non-empty rest
/// without whitespace or control characters, e.g.
/// `https://baufinanzierung.api.europace.de/v2/vorgaenge/AB1234`.
///
/// The text is kept exactly as received; no normalisation takes place.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uri(String);

validated_string!(Uri, "an absolute URI string");

impl Uri {
    fn check(input: &str) -> Result<(), String> {
        if is_absolute_uri(input) {
            Ok(())
        } else {
            Err(format!(
                "invalid URI `{}`: expected an absolute URI such as https://example.org/path",
                excerpt(input)
            ))
        }
    }

    /// The scheme, as written (e.g. `https`).
    pub fn scheme(&self) -> &str {
        self.0.split_once(':').map_or("", |(scheme, _)| scheme)
    }
}

fn is_absolute_uri(input: &str) -> bool {
    let Some((scheme, rest)) = input.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.is_empty()
        && !input.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        for ok in [
            "https://baufinanzierung.api.europace.de/v2/vorgaenge/AB1234/gemerkteAngebote/1/zahlungsPlaene",
            "urn:isbn:0451450523",
            "mailto:a@b.de",
            "x+y.z-1:abc",
        ] {
            let uri = Uri::parse(ok).unwrap();
            assert_eq!(uri.as_str(), ok);
        }
        assert_eq!(Uri::parse("https://x.de/").unwrap().scheme(), "https");
        for bad in [
            "",
            "/v2/vorgaenge",
            "https:",
            "1http://x",
            "://x",
            "ht tp://x",
            "https://x y",
            "relative/path",
            "https://x\n",
        ] {
            let err = Uri::parse(bad).unwrap_err();
            assert!(err.contains("expected an absolute URI"), "{bad:?}: {err}");
        }
    }
}
