//! How a case document is held at rest, and turned back into the response body.
//!
//! A GET of a case is the hottest path of the API, and re-serialising a parsed document on
//! every request halves its throughput. So a case is stored as the JSON bytes of its Vorgang
//! **without** any `_links`, and the links, which depend on the public URL and the API
//! version, are written around those bytes when served:
//!
//! * the case's own `_links` go in front, written by the caller;
//! * each embedded Antrag gets `_links.self`. Its place is marked in the stored bytes by a
//!   *hole*: `NUL path NUL` right after the Antrag's `{` (plus the `,` that follows when the
//!   Antrag has fields). Serialised JSON never contains a raw NUL (control characters are
//!   always escaped), so a hole cannot be confused with data.
//!
//! Antraege are moved to the end of the object to place the holes without a JSON parser.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::{CaseMeta, DatenKontext, NewCase, Timestamp};

pub(crate) const HOLE: u8 = 0;

/// Why a document cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the document is not a JSON object")]
    NotAnObject,
    #[error("{0} is missing")]
    Missing(&'static str),
    #[error("{0} must be a string")]
    NotAString(&'static str),
    #[error("datenKontext {0:?} is neither ECHT_GESCHAEFT nor TEST_MODUS")]
    UnknownKontext(String),
    #[error("the stored document is not well-formed JSON (near byte {0})")]
    Malformed(usize),
    #[error("the document's Antrag links cannot be stored without changing it")]
    NotPortable,
}

/// Turns a Vorgang into a write: its stored document and its column facts. The write is
/// stamped by the store (`letzte_aenderung: None`) and leaves the sub-resources alone.
pub fn encode(vorgang: Value) -> Result<NewCase, DocumentError> {
    let Value::Object(mut object) = vorgang else {
        return Err(DocumentError::NotAnObject);
    };
    let meta = meta(&object)?;
    object.remove("_links");
    let antraege = object.remove("antraege");

    let mut out = serde_json::to_vec(&object).expect("a JSON value always serialises");
    if let Some(antraege) = antraege {
        out.pop(); // the closing brace; reopened below
        if !object.is_empty() {
            out.push(b',');
        }
        out.extend_from_slice(br#""antraege":"#);
        write_antraege(&mut out, &meta.vorgangs_nummer, antraege);
        out.push(b'}');
    }
    Ok(NewCase {
        meta,
        document: Bytes::from(out),
        letzte_aenderung: None,
        finanzierungsvorschlaege: None,
        gemerkte_angebote: None,
    })
}

pub(crate) fn write_antraege(out: &mut Vec<u8>, nr: &str, antraege: Value) {
    let Value::Array(items) = antraege else {
        out.extend_from_slice(&serde_json::to_vec(&antraege).expect("serialises"));
        return;
    };
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let Value::Object(mut antrag) = item else {
            out.extend_from_slice(&serde_json::to_vec(&item).expect("serialises"));
            continue;
        };
        antrag.remove("_links");
        let address = antrag
            .get("antragsNummer")
            .and_then(Value::as_str)
            .and_then(antrag_address);
        let body = serde_json::to_vec(&antrag).expect("serialises");
        match address {
            Some((a, t)) => {
                out.push(b'{');
                out.push(HOLE);
                out.extend_from_slice(format!("vorgaenge/{nr}/antraege/{a}/{t}").as_bytes());
                out.push(HOLE);
                if !antrag.is_empty() {
                    out.push(b',');
                }
                out.extend_from_slice(&body[1..]);
            }
            None => out.extend_from_slice(&body),
        }
    }
    out.push(b']');
}

/// The (antragsNummer, teilantragsNummer) of an Antrag from its platform number
/// `<vorgangsNummer>/<antrag>/<teilantrag>`.
pub fn antrag_address(antrags_nummer: &str) -> Option<(i32, i32)> {
    let mut parts = antrags_nummer.rsplitn(3, '/');
    let teil = parts.next()?.parse().ok()?;
    let antrag = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((antrag, teil))
}

pub(crate) fn meta(object: &Map<String, Value>) -> Result<CaseMeta, DocumentError> {
    let text = |key: &'static str| match object.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(DocumentError::NotAString(key)),
    };
    let partner = |key: &'static str| {
        object
            .get(key)
            .and_then(|p| p.get("partnerId"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let kontext = text("datenKontext")?.ok_or(DocumentError::Missing("datenKontext"))?;
    Ok(CaseMeta {
        vorgangs_nummer: text("vorgangsNummer")?.ok_or(DocumentError::Missing("vorgangsNummer"))?,
        daten_kontext: kontext
            .parse::<DatenKontext>()
            .map_err(|_| DocumentError::UnknownKontext(kontext.clone()))?,
        status: text("status")?,
        letzte_aenderung: Timestamp(0),
        letztes_ereignis: text("letztesEreignis")?,
        externe_vorgangs_nummer: text("externeVorgangsNummer")?,
        kunden_betreuer: partner("kundenBetreuer"),
        vorgangs_bearbeiter: partner("vorgangsBearbeiter"),
    })
}

/// Writes the response body of a case: `{`, the pre-rendered `"_links":{…}` member, then the
/// stored members with every hole filled as `"_links":{"self":{"href":"<href_prefix><path>"}}`.
/// `href_prefix` must be JSON-string safe (the server checks its public URL at start).
pub fn render(document: &[u8], links_member: &str, href_prefix: &str, out: &mut Vec<u8>) {
    out.reserve(document.len() + links_member.len() + 256);
    out.push(b'{');
    out.extend_from_slice(links_member.as_bytes());
    let members = document
        .strip_prefix(b"{")
        .unwrap_or(document)
        .trim_ascii_start();
    if members.first() != Some(&b'}') {
        out.push(b',');
    }
    fill_holes(members, href_prefix, out);
}

/// Copies `bytes` to `out` with every hole filled as
/// `"_links":{"self":{"href":"<href_prefix><path>"}}`.
pub(crate) fn fill_holes(bytes: &[u8], href_prefix: &str, out: &mut Vec<u8>) {
    let mut rest = bytes;
    while let Some(start) = memchr::memchr(HOLE, rest) {
        out.extend_from_slice(&rest[..start]);
        let after = &rest[start + 1..];
        let end = memchr::memchr(HOLE, after).unwrap_or(after.len());
        out.extend_from_slice(br#""_links":{"self":{"href":""#);
        out.extend_from_slice(href_prefix.as_bytes());
        out.extend_from_slice(&after[..end]);
        out.extend_from_slice(br#""}}"#);
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// The stored document as a Vorgang object again (without `_links`): the tests' oracle for
/// what `crate::members` keeps and changes.
#[cfg(test)]
pub(crate) fn decode(document: &[u8]) -> Result<Map<String, Value>, serde_json::Error> {
    // Rendering with empty links fills every hole with valid JSON; `encode` drops them again.
    let mut out = Vec::with_capacity(document.len() + 64);
    render(document, r#""_links":{}"#, "", &mut out);
    let mut object: Map<String, Value> = serde_json::from_slice(&out)?;
    object.remove("_links");
    if let Some(Value::Array(antraege)) = object.get_mut("antraege") {
        for antrag in antraege.iter_mut().filter_map(Value::as_object_mut) {
            antrag.remove("_links");
        }
    }
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn roundtrip(v: &Value) -> Value {
        let doc = encode(v.clone()).unwrap().document;
        let mut out = Vec::new();
        render(
            &doc,
            r#""_links":{"self":{"href":"x"}}"#,
            "https://h/v2/",
            &mut out,
        );
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn fills_antrag_links_and_keeps_everything_else() {
        let v = json!({
            "_links": {"self": {"href": "old"}},
            "vorgangsNummer": "AB1234", "datenKontext": "TEST_MODUS",
            "kundenBetreuer": {"partnerId": "BER11"},
            "antraege": [
                {"_links": {"self": {"href": "stale"}}, "antragsNummer": "AB1234/1/2", "datenKontext": "TEST_MODUS"},
                {"antragsNummer": "unparseable"},
                {}
            ]
        });
        let out = roundtrip(&v);
        assert_eq!(out["_links"], json!({"self": {"href": "x"}}));
        assert_eq!(
            out["antraege"][0]["_links"]["self"]["href"],
            "https://h/v2/vorgaenge/AB1234/antraege/1/2"
        );
        assert_eq!(out["antraege"][0]["datenKontext"], "TEST_MODUS");
        assert_eq!(out["antraege"][1], json!({"antragsNummer": "unparseable"}));
        assert_eq!(out["antraege"][2], json!({}));
        assert_eq!(out["kundenBetreuer"], json!({"partnerId": "BER11"}));
    }

    #[test]
    fn decode_undoes_encode() {
        let v = json!({"vorgangsNummer": "AB1234", "datenKontext": "TEST_MODUS",
            "antraege": [{"antragsNummer": "AB1234/1/1", "status": {"antragsteller": "BEANTRAGT"}}, {}]});
        let stored = encode(v.clone()).unwrap().document;
        let decoded = decode(&stored).unwrap();
        assert_eq!(Value::Object(decoded.clone()), v);
        assert_eq!(encode(Value::Object(decoded)).unwrap().document, stored);
    }

    #[test]
    fn strings_with_nul_stay_data() {
        let v = json!({"vorgangsNummer": "AB1234", "datenKontext": "ECHT_GESCHAEFT",
            "externeVorgangsNummer": "a\u{0}b", "antraege": [{"antragsNummer": "AB1234/1/1"}]});
        let out = roundtrip(&v);
        assert_eq!(out["externeVorgangsNummer"], "a\u{0}b");
    }

    #[test]
    fn reads_facts() {
        let v = json!({"vorgangsNummer": "AB1234", "datenKontext": "ECHT_GESCHAEFT", "status": "AKTIV",
            "vorgangsBearbeiter": {"partnerId": "BER15"}, "letztesEreignis": "2024-05-14T09:12:44Z"});
        let m = encode(v).unwrap().meta;
        assert_eq!(m.vorgangs_bearbeiter.as_deref(), Some("BER15"));
        assert_eq!(m.status.as_deref(), Some("AKTIV"));
        assert_eq!(m.daten_kontext, DatenKontext::EchtGeschaeft);
        assert_eq!(
            encode(json!({"datenKontext": "X"})).unwrap_err(),
            DocumentError::Missing("vorgangsNummer")
        );
        assert_eq!(
            encode(json!({"vorgangsNummer": "AB1234", "datenKontext": "X"})).unwrap_err(),
            DocumentError::UnknownKontext("X".into())
        );
        assert_eq!(encode(json!([])).unwrap_err(), DocumentError::NotAnObject);
    }

    #[test]
    fn parses_antrag_addresses() {
        assert_eq!(antrag_address("AB1234/1/1"), Some((1, 1)));
        assert_eq!(antrag_address("AB1234/12/3"), Some((12, 3)));
        assert_eq!(antrag_address("1/1"), None);
        assert_eq!(antrag_address("AB1234/x/1"), None);
    }
}
