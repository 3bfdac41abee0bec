//! The list page as served, `{"_links":{…},"vorgaenge":[…]}`, written straight into one
//! buffer. Built as `serde_json::Value`s, a page of ten took some two hundred small
//! allocations (a map, its keys and values per item and per link), and glibc's allocator
//! was a third of the server's CPU on list loads (docs/BENCHMARKS.md, "Lists"). Members
//! stand in the order the sorted maps gave them, so the bytes are the same as before.

use vorgaenge_store::CaseMeta;

use crate::links::{ApiVersion, PublicUrl};

/// The page's own links; `next` and `prev` only where such a page exists.
pub struct PageLinks {
    pub next: Option<String>,
    pub prev: Option<String>,
    pub this: String,
}

pub fn page_body(
    links: &PageLinks,
    url: &PublicUrl,
    version: ApiVersion,
    items: &[CaseMeta],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(192 + items.len() * 320);
    out.extend_from_slice(br#"{"_links":{"#);
    let named = [
        ("next", links.next.as_deref()),
        ("prev", links.prev.as_deref()),
        ("self", Some(links.this.as_str())),
    ];
    for (i, (name, href)) in named
        .into_iter()
        .filter_map(|(name, href)| Some((name, href?)))
        .enumerate()
    {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(br#"":{"href":"#);
        string(&mut out, href);
        out.push(b'}');
    }
    out.extend_from_slice(br#"},"vorgaenge":["#);
    for (i, meta) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(&mut out, url, version, meta);
    }
    out.extend_from_slice(b"]}");
    out
}

fn item(out: &mut Vec<u8>, url: &PublicUrl, version: ApiVersion, m: &CaseMeta) {
    out.extend_from_slice(br#"{"_links":{"self":{"href":"#);
    string(out, &url.case(version, &m.vorgangs_nummer, ""));
    out.extend_from_slice(br#"}},"datenKontext":"#);
    string(out, m.daten_kontext.as_str());
    if let Some(ext) = &m.externe_vorgangs_nummer {
        out.extend_from_slice(br#","externeVorgangsNummer":"#);
        string(out, ext);
    }
    out.extend_from_slice(br#","letzteAenderung":"#);
    // RFC 3339 text needs no escaping.
    out.push(b'"');
    m.letzte_aenderung.write_rfc3339(out);
    out.push(b'"');
    if let Some(event) = &m.letztes_ereignis {
        out.extend_from_slice(br#","letztesEreignis":"#);
        string(out, event);
    }
    out.extend_from_slice(br#","vorgangsNummer":"#);
    string(out, &m.vorgangs_nummer);
    out.push(b'}');
}

/// `s` as a JSON string, escaped as serde_json escapes it everywhere else.
fn string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("a string always serialises into a Vec");
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};
    use vorgaenge_store::{DatenKontext, Timestamp};

    use super::*;

    fn meta(nr: &str, ext: Option<&str>, event: Option<&str>) -> CaseMeta {
        CaseMeta {
            vorgangs_nummer: nr.to_owned(),
            daten_kontext: DatenKontext::TestModus,
            status: Some("AKTIV".to_owned()),
            letzte_aenderung: Timestamp(1_733_526_000_123_456),
            letztes_ereignis: event.map(str::to_owned),
            externe_vorgangs_nummer: ext.map(str::to_owned),
            kunden_betreuer: Some("BER11".to_owned()),
            vorgangs_bearbeiter: None,
        }
    }

    /// The page as `serde_json` writes it from maps, which is how it was served before.
    fn as_values(links: &PageLinks, url: &PublicUrl, items: &[CaseMeta]) -> Vec<u8> {
        let mut link_map = Map::new();
        for (name, href) in [
            ("self", Some(&links.this)),
            ("next", links.next.as_ref()),
            ("prev", links.prev.as_ref()),
        ] {
            if let Some(href) = href {
                link_map.insert(name.into(), json!({ "href": href }));
            }
        }
        let items: Vec<Value> = items
            .iter()
            .map(|m| {
                let mut item = Map::new();
                item.insert(
                    "_links".into(),
                    json!({ "self": { "href": url.case(ApiVersion::V3, &m.vorgangs_nummer, "") } }),
                );
                item.insert("vorgangsNummer".into(), m.vorgangs_nummer.clone().into());
                if let Some(ext) = &m.externe_vorgangs_nummer {
                    item.insert("externeVorgangsNummer".into(), ext.clone().into());
                }
                item.insert("datenKontext".into(), m.daten_kontext.as_str().into());
                item.insert(
                    "letzteAenderung".into(),
                    m.letzte_aenderung.to_rfc3339().into(),
                );
                if let Some(e) = &m.letztes_ereignis {
                    item.insert("letztesEreignis".into(), e.clone().into());
                }
                Value::Object(item)
            })
            .collect();
        serde_json::to_vec(&json!({ "_links": link_map, "vorgaenge": items })).unwrap()
    }

    #[test]
    fn writes_the_bytes_the_maps_gave() {
        let url = PublicUrl::parse("http://127.0.0.1:8080").unwrap();
        let items = [
            meta("AB1234", None, None),
            meta(
                "CD5678",
                Some("CRM-\"7\"\\ä\u{1}\n"),
                Some("Antrag angenommen – ✓"),
            ),
            meta("EF9012", Some(""), None),
            meta("GH3456", None, Some("x")),
        ];
        let href = |q: &str| format!("http://127.0.0.1:8080/v3/vorgaenge?{q}");
        for (next, prev) in [(true, true), (true, false), (false, true), (false, false)] {
            let links = PageLinks {
                next: next.then(|| href("page=2&cursor=a%2Bb")),
                prev: prev.then(|| href("page=0")),
                this: href("page=1"),
            };
            for n in [0, 1, items.len()] {
                let got = page_body(&links, &url, ApiVersion::V3, &items[..n]);
                let want = as_values(&links, &url, &items[..n]);
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap(),
                    "next {next}, prev {prev}, {n} items"
                );
            }
        }
    }
}
