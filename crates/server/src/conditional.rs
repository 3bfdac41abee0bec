//! Entity tags and conditional requests (RFC 9110 §8.8.3, §13.1).
//!
//! A case's entity tag is its `letzteAenderung` as the list shows it (RFC 3339, six
//! fractional digits): the change clock gives every change a new, never repeated value, so
//! the tag identifies one version of the case, and a client that synchronises through the
//! list already holds the tag of every case it has seen.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use vorgaenge_store::{CaseMeta, Timestamp};

use crate::error::ApiError;

/// The strong entity tag of the case version changed at `letzte_aenderung`.
pub fn etag(letzte_aenderung: Timestamp) -> HeaderValue {
    let mut tag = Vec::with_capacity(vorgaenge_store::RFC3339_LEN + 2);
    tag.push(b'"');
    letzte_aenderung.write_rfc3339(&mut tag);
    tag.push(b'"');
    HeaderValue::from_maybe_shared(bytes::Bytes::from(tag))
        .expect("an RFC 3339 text is a valid header value")
}

/// The members of an `If-Match` / `If-None-Match` list: `*` or opaque tags with their weak
/// marker dropped, quotes kept (as they are compared).
fn tags(value: &str) -> impl Iterator<Item = (bool, &str)> {
    members(value)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t.strip_prefix("W/") {
            Some(strong) => (true, strong),
            None => (false, t),
        })
}

/// The list split at its commas, except those inside a tag's quotes: RFC 9110 lets an opaque
/// tag hold a comma (`"a,b"` is one tag).
fn members(value: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut quoted = false;
        let comma = text.char_indices().find_map(|(i, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            (c == ',' && !quoted).then_some(i)
        });
        let (member, after) = match comma {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        rest = after;
        Some(member)
    })
}

/// A weak entity tag for a response that is not one case (a list page): a hash of its
/// bytes. Weak, because equal bytes are all it promises.
pub fn weak_etag(body: &[u8]) -> HeaderValue {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same bytes give the same tag on every instance.
    let mut hasher = std::hash::DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!("W/\"{:016x}\"", hasher.finish()))
        .expect("hex digits are a valid header value")
}

/// The request's `If-None-Match`, all a GET handler needs of its headers: extracting the
/// whole `HeaderMap` would copy it on every request.
#[derive(Debug, Clone, Default)]
pub struct IfNoneMatch(pub Option<HeaderValue>);

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(parts.headers.get(header::IF_NONE_MATCH).cloned()))
    }
}

impl IfNoneMatch {
    /// On a GET of the case changed at `letzte_aenderung`: true when the client's copy is
    /// current (answer 304).
    pub fn not_modified(&self, letzte_aenderung: Timestamp) -> bool {
        self.0.is_some() && self.matches(&etag(letzte_aenderung))
    }

    /// Against the tag `current`. Weak comparison, as RFC 9110 prescribes for this header.
    pub fn matches(&self, current: &HeaderValue) -> bool {
        none_match(self.0.as_ref(), current)
    }
}

fn none_match(given: Option<&HeaderValue>, current: &HeaderValue) -> bool {
    let Some(value) = given.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let current = current.to_str().unwrap_or_default();
    let current = current.strip_prefix("W/").unwrap_or(current);
    tags(value).any(|(_, tag)| tag == "*" || tag == current)
}

/// What a write must find, from `If-Match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No header: the write applies to whatever version is current.
    Any,
    /// `*`: any existing version.
    Exists,
    /// One of these strong tags (quoted).
    OneOf(Vec<String>),
}

impl IfMatch {
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let Some(value) = headers.get(header::IF_MATCH) else {
            return Ok(Self::Any);
        };
        let value = value
            .to_str()
            .map_err(|_| ApiError::bad_request("Header If-Match ist kein lesbarer Text"))?;
        let mut strong = Vec::new();
        for (weak, tag) in tags(value) {
            if tag == "*" {
                return Ok(Self::Exists);
            }
            if !(tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"')) {
                return Err(ApiError::bad_request(format!(
                    "Header If-Match: {tag} ist kein Entity-Tag (in Anführungszeichen, z. B. \
                     \"2024-05-14T07:12:44.512000Z\")"
                )));
            }
            // A weak tag never matches in If-Match (strong comparison).
            if !weak {
                strong.push(tag.to_owned());
            }
        }
        Ok(Self::OneOf(strong))
    }

    /// Refuses with 412 unless `current` is a version the client asked for.
    pub fn check(&self, current: &CaseMeta) -> Result<(), ApiError> {
        let Self::OneOf(tags) = self else {
            return Ok(());
        };
        let tag = etag(current.letzte_aenderung);
        let tag = tag.to_str().unwrap_or_default();
        if tags.iter().any(|t| t == tag) {
            Ok(())
        } else {
            Err(ApiError::PreconditionFailed(format!(
                "Vorgang {} wurde inzwischen geändert: If-Match nennt nicht die aktuelle Version {tag}",
                current.vorgangs_nummer
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    fn if_none_match(value: &str) -> IfNoneMatch {
        IfNoneMatch(Some(HeaderValue::from_str(value).unwrap()))
    }

    #[test]
    fn tags_and_matching() {
        let t = Timestamp(1_715_670_764_512_000);
        assert_eq!(etag(t), "\"2024-05-14T07:12:44.512000Z\"");
        let current = "\"2024-05-14T07:12:44.512000Z\"";
        assert!(if_none_match(current).not_modified(t));
        assert!(if_none_match(&format!("\"x\", W/{current}")).not_modified(t));
        assert!(if_none_match("*").not_modified(t));
        assert!(!if_none_match("\"x\"").not_modified(t));
        assert!(!IfNoneMatch::default().not_modified(t));
        // A comma inside the quotes belongs to the tag.
        assert!(if_none_match(&format!("\"a,b\", {current}")).not_modified(t));
        assert!(!if_none_match("\"a,b\"").not_modified(t));
        let weak = weak_etag(b"page");
        assert!(weak.to_str().unwrap().starts_with("W/\""));
        assert_eq!(weak, weak_etag(b"page"));
        assert_ne!(weak, weak_etag(b"page2"));
        assert!(if_none_match(weak.to_str().unwrap()).matches(&weak));

        let meta = |micros| CaseMeta {
            vorgangs_nummer: "AB1234".into(),
            daten_kontext: vorgaenge_store::DatenKontext::TestModus,
            status: None,
            letzte_aenderung: Timestamp(micros),
            letztes_ereignis: None,
            externe_vorgangs_nummer: None,
            kunden_betreuer: None,
            vorgangs_bearbeiter: None,
        };
        let m = IfMatch::from_headers(&headers(header::IF_MATCH, current)).unwrap();
        assert!(m.check(&meta(t.0)).is_ok());
        assert!(matches!(
            m.check(&meta(t.0 + 1)),
            Err(ApiError::PreconditionFailed(_))
        ));
        let weak = IfMatch::from_headers(&headers(header::IF_MATCH, &format!("W/{current}")));
        assert!(weak.unwrap().check(&meta(t.0)).is_err());
        assert_eq!(
            IfMatch::from_headers(&headers(header::IF_MATCH, "*")).unwrap(),
            IfMatch::Exists
        );
        assert!(IfMatch::from_headers(&headers(header::IF_MATCH, "abc")).is_err());
        assert_eq!(
            IfMatch::from_headers(&headers(header::IF_MATCH, "\"a,b\", W/\",c\"")).unwrap(),
            IfMatch::OneOf(vec!["\"a,b\"".into()])
        );
        assert_eq!(
            IfMatch::from_headers(&HeaderMap::new()).unwrap(),
            IfMatch::Any
        );
    }
}
