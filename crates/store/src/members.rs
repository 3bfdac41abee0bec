//! Editing a stored case document member by member.
//!
//! A write changes a handful of top-level members (`status`, the partners, the external
//! number, `letztesEreignis`, sometimes `antraege`), while a case holds kilobytes of
//! households, objects and offers. Parsing and re-serialising all of it on every write cost
//! most of a write's CPU; so a stored document is split into its top-level members as byte
//! ranges, only the members a write needs are parsed, and the rest is copied back byte for
//! byte.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::CaseMeta;
use crate::document::{DocumentError, HOLE, fill_holes, meta, write_antraege};

/// The members every edit reads and may change; all of them are small.
pub const METADATA: &[&str] = &[
    "vorgangsNummer",
    "datenKontext",
    "status",
    "letztesEreignis",
    "externeVorgangsNummer",
    "kundenBetreuer",
    "vorgangsBearbeiter",
];

/// [`METADATA`] and the Anträge, for edits of an Antrag.
pub const WITH_ANTRAEGE: &[&str] = &[
    "vorgangsNummer",
    "datenKontext",
    "status",
    "letztesEreignis",
    "externeVorgangsNummer",
    "kundenBetreuer",
    "vorgangsBearbeiter",
    "antraege",
];

/// [`METADATA`] and the members that come from a case's Kundenangaben, for replacing them.
pub const WITH_ERFASSTE_DATEN: &[&str] = &[
    "vorgangsNummer",
    "datenKontext",
    "status",
    "letztesEreignis",
    "externeVorgangsNummer",
    "kundenBetreuer",
    "vorgangsBearbeiter",
    "haushalte",
    "finanzierungsObjekt",
    "vorhaben",
    "praeferenzen",
    "bankverbindung",
    "tippGeber",
];

/// A stored document as its top-level members, in stored order.
#[derive(Debug)]
pub struct Members<'a> {
    list: Vec<(String, &'a [u8])>,
}

impl<'a> Members<'a> {
    /// Splits a stored document (holes included) into its members.
    pub fn split(doc: &'a [u8]) -> Result<Self, DocumentError> {
        let mut scan = Scanner { doc, at: 0 };
        scan.ws();
        scan.expect(b'{')?;
        let mut list = Vec::new();
        scan.ws();
        if scan.peek() == Some(b'}') {
            return Ok(Self { list });
        }
        loop {
            scan.ws();
            let key_start = scan.at;
            scan.string()?;
            let key: String = serde_json::from_slice(&doc[key_start..scan.at])
                .map_err(|_| DocumentError::Malformed(key_start))?;
            scan.ws();
            scan.expect(b':')?;
            scan.ws();
            let value_start = scan.at;
            scan.value()?;
            list.push((key, &doc[value_start..scan.at]));
            scan.ws();
            match scan.next() {
                Some(b',') => continue,
                Some(b'}') => return Ok(Self { list }),
                _ => return Err(DocumentError::Malformed(scan.at)),
            }
        }
    }

    /// The raw bytes of the member `name`, if present: a slice of the split document.
    pub fn raw(&self, name: &str) -> Option<&'a [u8]> {
        self.list.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }

    /// The named members that are present, parsed (the Anträge with their holes filled).
    pub fn parse(&self, names: &[&str]) -> Result<Map<String, Value>, DocumentError> {
        let mut out = Map::new();
        for (key, raw) in self
            .list
            .iter()
            .filter(|(k, _)| names.contains(&k.as_str()))
        {
            let value = if memchr::memchr(HOLE, raw).is_some() {
                let mut filled = Vec::with_capacity(raw.len() + 64);
                fill_holes(raw, "", &mut filled);
                serde_json::from_slice(&filled)
            } else {
                serde_json::from_slice(raw)
            }
            .map_err(|_| DocumentError::Malformed(0))?;
            out.insert(key.clone(), value);
        }
        Ok(out)
    }

    /// The document again, with the `names` members taken from `edited` (a name missing
    /// there is removed; keys of `edited` not stored before are added before the Anträge),
    /// every other member byte for byte as stored. Also the columns of the result.
    pub fn reassemble(
        &self,
        names: &[&str],
        mut edited: Map<String, Value>,
    ) -> Result<(CaseMeta, Bytes), DocumentError> {
        let meta = meta(&edited)?;
        let mut out = Vec::with_capacity(
            self.list
                .iter()
                .map(|(k, v)| k.len() + v.len() + 4)
                .sum::<usize>()
                + 256,
        );
        out.push(b'{');
        let mut first = true;
        let mut member = |out: &mut Vec<u8>, key: &str| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, key).expect("a key serialises");
            out.push(b':');
        };
        let added: Vec<String> = edited
            .keys()
            .filter(|k| !self.list.iter().any(|(stored, _)| stored == *k))
            .cloned()
            .collect();
        let write_added = |out: &mut Vec<u8>,
                           edited: &mut Map<String, Value>,
                           member: &mut dyn FnMut(&mut Vec<u8>, &str)| {
            for key in &added {
                if let Some(value) = edited.remove(key) {
                    member(out, key);
                    write_value(out, &meta.vorgangs_nummer, key, value);
                }
            }
        };
        for (key, raw) in &self.list {
            if key == "antraege" {
                write_added(&mut out, &mut edited, &mut member);
            }
            if names.contains(&key.as_str()) {
                if let Some(value) = edited.remove(key) {
                    member(&mut out, key);
                    write_value(&mut out, &meta.vorgangs_nummer, key, value);
                }
            } else {
                member(&mut out, key);
                out.extend_from_slice(raw);
            }
        }
        write_added(&mut out, &mut edited, &mut member);
        out.push(b'}');
        Ok((meta, Bytes::from(out)))
    }
}

fn write_value(out: &mut Vec<u8>, nr: &str, key: &str, value: Value) {
    if key == "antraege" {
        write_antraege(out, nr, value);
    } else {
        serde_json::to_writer(&mut *out, &value).expect("a JSON value serialises");
    }
}

/// Finds the extent of JSON values without building them. Holes sit inside objects and
/// hold no quote or bracket, so they pass as ordinary bytes.
struct Scanner<'a> {
    doc: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.doc.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), DocumentError> {
        if self.next() == Some(byte) {
            Ok(())
        } else {
            Err(DocumentError::Malformed(self.at))
        }
    }

    /// A string, from its opening quote to after its closing one.
    fn string(&mut self) -> Result<(), DocumentError> {
        self.expect(b'"')?;
        loop {
            match memchr::memchr2(b'"', b'\\', &self.doc[self.at..]) {
                None => return Err(DocumentError::Malformed(self.doc.len())),
                Some(i) if self.doc[self.at + i] == b'"' => {
                    self.at += i + 1;
                    return Ok(());
                }
                Some(i) => self.at += i + 2, // a backslash and the byte it escapes
            }
        }
    }

    /// Any value: a string, an object or array (to its matching bracket), or a scalar.
    fn value(&mut self) -> Result<(), DocumentError> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                loop {
                    match self.peek() {
                        Some(b'"') => self.string()?,
                        Some(b'{' | b'[') => {
                            depth += 1;
                            self.at += 1;
                        }
                        Some(b'}' | b']') => {
                            depth -= 1;
                            self.at += 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                        Some(_) => self.at += 1,
                        None => return Err(DocumentError::Malformed(self.at)),
                    }
                }
            }
            Some(_) => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.at += 1;
                }
                Ok(())
            }
            None => Err(DocumentError::Malformed(self.at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{decode, encode};
    use serde_json::json;

    fn stored() -> Bytes {
        encode(json!({
            "vorgangsNummer": "AB1234", "datenKontext": "TEST_MODUS", "status": "AKTIV",
            "haushalte": [{"kunden": [{"vorname": "Jörg \"JJ\" \\ Ä", "x": [1, {"y": "}]"}]}]}],
            "kundenBetreuer": {"partnerId": "BER11", "nachname": "Alt"},
            "antraege": [{"antragsNummer": "AB1234/1/1", "status": {"antragsteller": "BEANTRAGT"}}, {}]
        }))
        .unwrap()
        .document
    }

    #[test]
    fn unchanged_members_come_back_byte_for_byte() {
        let doc = stored();
        let members = Members::split(&doc).unwrap();
        let parsed = members.parse(WITH_ANTRAEGE).unwrap();
        assert_eq!(parsed["antraege"][0]["antragsNummer"], "AB1234/1/1");
        let (meta, again) = members.reassemble(WITH_ANTRAEGE, parsed).unwrap();
        assert_eq!(again, doc);
        assert_eq!(meta.kunden_betreuer.as_deref(), Some("BER11"));
        let (_, again) = members
            .reassemble(METADATA, members.parse(METADATA).unwrap())
            .unwrap();
        assert_eq!(again, doc);
    }

    #[test]
    fn edits_change_add_and_remove_members() {
        let doc = stored();
        let members = Members::split(&doc).unwrap();
        let mut edited = members.parse(METADATA).unwrap();
        edited.insert("status".into(), json!("ARCHIVIERT"));
        edited.insert("externeVorgangsNummer".into(), json!("ext"));
        edited.remove("kundenBetreuer");
        let (meta, out) = members.reassemble(METADATA, edited).unwrap();
        assert_eq!(meta.status.as_deref(), Some("ARCHIVIERT"));
        assert_eq!(meta.externe_vorgangs_nummer.as_deref(), Some("ext"));
        assert_eq!(meta.kunden_betreuer, None);
        let mut expected = decode(&doc).unwrap();
        expected.insert("status".into(), json!("ARCHIVIERT"));
        expected.insert("externeVorgangsNummer".into(), json!("ext"));
        expected.remove("kundenBetreuer");
        assert_eq!(decode(&out).unwrap(), expected);
        // The Anträge keep their holes, so their links are still written when served.
        assert!(memchr::memchr(HOLE, &out).is_some());
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [&b"[1]"[..], b"{\"a\":", b"{\"a\" 1}", b"{\"a\":\"x}"] {
            assert!(
                Members::split(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(Members::split(b" { } ").unwrap().list.is_empty());
    }
}
