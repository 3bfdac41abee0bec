//! The portable form of a stored case document, for `vorgaenge export` / `import`: plain JSON
//! in which each Antrag's hole (see [`crate::document`]) is written as its `_links` with a
//! relative href, and read back into exactly the stored bytes.

use bytes::Bytes;

use crate::CaseMeta;
use crate::document::{DocumentError, HOLE, fill_holes, meta};
use crate::members::{METADATA, Members};

/// The stored document as plain JSON, for moving it to another database: every hole written as
/// the Antrag's `_links` with its relative href (`vorgaenge/AB1234/antraege/1/1`). Nothing
/// else changes, so [`from_portable`] gets the stored bytes back exactly.
pub fn to_portable(document: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(document.len() + 128);
    fill_holes(document, "", &mut out);
    out
}

/// Reverses [`to_portable`]: the `_links` an Antrag starts with become its hole again. Only
/// the Anträge are looked at, as only they have holes; a document that does not come back to
/// the same bytes through [`to_portable`] is refused rather than stored differently.
pub fn from_portable(portable: &[u8]) -> Result<Bytes, DocumentError> {
    const START: &[u8] = br#"{"_links":{"self":{"href":""#;
    const END: &[u8] = br#""}}"#;
    let members = Members::split(portable)?;
    let Some(antraege) = members.raw("antraege") else {
        return Ok(Bytes::copy_from_slice(portable));
    };
    let offset = antraege.as_ptr() as usize - portable.as_ptr() as usize;
    let mut out = Vec::with_capacity(portable.len());
    out.extend_from_slice(&portable[..offset]);
    let mut rest = antraege;
    while let Some(at) = memchr::memmem::find(rest, START) {
        let after = &rest[at + START.len()..];
        let end = memchr::memmem::find(after, END).ok_or(DocumentError::Malformed(offset))?;
        let path = &after[..end];
        if path.contains(&HOLE) || path.contains(&b'"') {
            return Err(DocumentError::Malformed(offset + at));
        }
        out.extend_from_slice(&rest[..at]);
        out.push(b'{');
        out.push(HOLE);
        out.extend_from_slice(path);
        out.push(HOLE);
        rest = &after[end + END.len()..];
    }
    out.extend_from_slice(rest);
    out.extend_from_slice(&portable[offset + antraege.len()..]);
    if to_portable(&out) != portable {
        return Err(DocumentError::NotPortable);
    }
    Ok(Bytes::from(out))
}

/// The columns of a stored document (`letzte_aenderung` left at zero).
pub fn columns(document: &[u8]) -> Result<CaseMeta, DocumentError> {
    let members = Members::split(document)?;
    meta(&members.parse(METADATA)?)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::document::encode;

    #[test]
    fn portable_form_is_plain_json_and_reverses_exactly() {
        let v = json!({"vorgangsNummer": "AB1234", "datenKontext": "TEST_MODUS",
            "antraege": [{"antragsNummer": "AB1234/1/1", "status": {"antragsteller": "BEANTRAGT"}},
                {"antragsNummer": "AB1234/2/1"}, {"antragsNummer": "x"}, {}]});
        let stored = encode(v).unwrap().document;
        let portable = to_portable(&stored);
        let parsed: Value = serde_json::from_slice(&portable).unwrap();
        assert_eq!(
            parsed["antraege"][0]["_links"]["self"]["href"],
            "vorgaenge/AB1234/antraege/1/1"
        );
        assert_eq!(parsed["antraege"][2], json!({"antragsNummer": "x"}));
        assert_eq!(from_portable(&portable).unwrap(), stored);
        assert_eq!(columns(&stored).unwrap().vorgangs_nummer, "AB1234");

        // Without Anträge, or with a case-level `_links` that is data: bytes unchanged.
        let plain = br#"{"datenKontext":"TEST_MODUS","vorgangsNummer":"AB1"}"#;
        assert_eq!(from_portable(plain).unwrap(), &plain[..]);
        assert!(from_portable(b"[1]").is_err());
        assert!(from_portable(br#"{"antraege":[{"_links":{"self":{"href":"a"#).is_err());
    }
}
