//! Absolute `_links` built from the public URL the server is reached at.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The API version a route belongs to. v3 is v2 without the saved-offer operations and
/// without `apiVersion` on the proposal list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    V2,
    V3,
}

impl ApiVersion {
    pub fn path(self) -> &'static str {
        match self {
            Self::V2 => "v2",
            Self::V3 => "v3",
        }
    }
}

/// Characters kept as they are in a query value or path segment we write into a link.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// Percent-encodes a value for a query string or a path segment.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, KEEP).to_string()
}

/// The public base URL, e.g. `https://vorgaenge.example.com`, without trailing slash.
#[derive(Debug, Clone)]
pub struct PublicUrl {
    base: String,
    v2: String,
    v3: String,
}

impl PublicUrl {
    /// Accepts an absolute `http`/`https` URL. It is written verbatim into JSON strings and
    /// headers, so quotes, backslashes, spaces and control characters are refused.
    pub fn parse(url: &str) -> Result<Self, String> {
        let base = url.trim_end_matches('/');
        let rest = base
            .strip_prefix("http://")
            .or_else(|| base.strip_prefix("https://"))
            .ok_or_else(|| format!("public URL {url:?} must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(format!("public URL {url:?} has no host"));
        }
        if let Some(bad) = base
            .chars()
            .find(|c| !c.is_ascii_graphic() || matches!(c, '"' | '\\' | '?' | '#'))
        {
            return Err(format!("public URL {url:?} contains {bad:?}"));
        }
        Ok(Self {
            v2: format!("{base}/v2/"),
            v3: format!("{base}/v3/"),
            base: base.to_owned(),
        })
    }

    /// `<base>/<version>/`, the prefix of every link of that version.
    pub fn prefix(&self, version: ApiVersion) -> &str {
        match version {
            ApiVersion::V2 => &self.v2,
            ApiVersion::V3 => &self.v3,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `<base>/<version>/vorgaenge/<nr><suffix>`
    pub fn case(&self, version: ApiVersion, nr: &str, suffix: &str) -> String {
        format!("{}vorgaenge/{}{suffix}", self.prefix(version), encode(nr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_builds() {
        let url = PublicUrl::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(url.base(), "http://127.0.0.1:8080");
        assert_eq!(
            url.case(ApiVersion::V3, "AB1234", "/antraege"),
            "http://127.0.0.1:8080/v3/vorgaenge/AB1234/antraege"
        );
        assert!(PublicUrl::parse("ftp://x").is_err());
        assert!(PublicUrl::parse("http://").is_err());
        assert!(PublicUrl::parse("http://a\"b").is_err());
        assert_eq!(encode("2020-07-10T13:00+02:00"), "2020-07-10T13:00%2B02:00");
    }
}
