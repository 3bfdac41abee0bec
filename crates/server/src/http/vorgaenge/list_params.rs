//! The parameters of GET /vorgaenge and the paging cursor.

use chrono_tz::Tz;
use vorgaenge_domain::change_time::{ChangeTimeError, parse_change_time};
use vorgaenge_model::DatenKontext;
use vorgaenge_store::{ListKey, ListQuery, ListStart, SortOrder, Timestamp};

use crate::error::ApiError;
use crate::links::encode;
use crate::params::QueryParams;

pub const DEFAULT_LIMIT: i32 = 10;
pub const MAX_LIMIT: i32 = 100;

/// The effective list request: every parameter with its default applied, and the raw texts
/// of the change window so that links repeat exactly what the client sent.
#[derive(Debug, Clone)]
pub struct ListParams {
    pub daten_kontext: DatenKontext,
    pub aenderung_seit: Option<(String, Timestamp)>,
    pub aenderung_bis: Option<(String, Timestamp)>,
    pub order: SortOrder,
    pub page: i32,
    pub limit: i32,
    pub cursor: Option<Cursor>,
}

/// A keyset position carried in paging links next to `page`, so that following `next` a
/// thousand times costs what the first page costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Entries after this key (a `next` link).
    After(ListKey),
    /// Entries before this key (a `prev` link).
    Before(ListKey),
}

impl Cursor {
    /// `n.<micros>.<number>` or `p.<micros>.<number>`.
    pub fn to_param(&self) -> String {
        let (tag, key) = match self {
            Self::After(k) => ('n', k),
            Self::Before(k) => ('p', k),
        };
        format!("{tag}.{}.{}", key.letzte_aenderung.0, key.vorgangs_nummer)
    }

    pub fn parse(value: &str) -> Option<Self> {
        let mut parts = value.splitn(3, '.');
        let tag = parts.next()?;
        let micros = parts.next()?.parse().ok()?;
        let nr = parts.next().filter(|n| !n.is_empty())?;
        let key = ListKey {
            letzte_aenderung: Timestamp(micros),
            vorgangs_nummer: nr.to_owned(),
        };
        match tag {
            "n" => Some(Self::After(key)),
            "p" => Some(Self::Before(key)),
            _ => None,
        }
    }
}

impl ListParams {
    pub fn parse(query: &QueryParams, zone: Tz) -> Result<Self, ApiError> {
        let daten_kontext = match query.one_of("datenKontext", &["ECHT_GESCHAEFT", "TEST_MODUS"])? {
            Some("TEST_MODUS") => DatenKontext::TestModus,
            _ => DatenKontext::EchtGeschaeft,
        };
        let order = match query.one_of("sort", &["absteigend", "aufsteigend"])? {
            Some("aufsteigend") => SortOrder::Ascending,
            _ => SortOrder::Descending,
        };
        let cursor = match query.get("cursor")? {
            None => None,
            Some(value) => Some(Cursor::parse(value).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Query-Parameter cursor: '{value}' ist kein gültiger Cursor; \
                     bitte die Links next/prev unverändert verwenden"
                ))
            })?),
        };
        Ok(Self {
            daten_kontext,
            aenderung_seit: change_time(query, "aenderungSeit", zone)?,
            aenderung_bis: change_time(query, "aenderungBis", zone)?,
            order,
            page: query.int_in("page", 0, i32::MAX)?.unwrap_or(0),
            limit: query
                .int_in("limit", 1, MAX_LIMIT)?
                .unwrap_or(DEFAULT_LIMIT),
            cursor,
        })
    }

    /// The store query for this request.
    pub fn to_query(&self) -> ListQuery {
        let start = match &self.cursor {
            Some(Cursor::After(k)) => ListStart::After(k.clone()),
            Some(Cursor::Before(k)) => ListStart::Before(k.clone()),
            None => ListStart::Offset(self.page as u64 * self.limit as u64),
        };
        ListQuery {
            daten_kontext: crate::kontext::to_store(self.daten_kontext),
            since: self.aenderung_seit.as_ref().map(|(_, t)| *t),
            until: self.aenderung_bis.as_ref().map(|(_, t)| *t),
            order: self.order,
            limit: self.limit as u32,
            start,
            partners: None,
        }
    }

    /// The query string of a link to `page` of this request, with an optional cursor.
    pub fn link_query(&self, page: i32, cursor: Option<&Cursor>) -> String {
        let mut q = format!("datenKontext={}", self.daten_kontext.as_str());
        if let Some((raw, _)) = &self.aenderung_seit {
            q.push_str(&format!("&aenderungSeit={}", encode(raw)));
        }
        if let Some((raw, _)) = &self.aenderung_bis {
            q.push_str(&format!("&aenderungBis={}", encode(raw)));
        }
        let sort = match self.order {
            SortOrder::Ascending => "aufsteigend",
            SortOrder::Descending => "absteigend",
        };
        q.push_str(&format!("&sort={sort}&page={page}&limit={}", self.limit));
        if let Some(cursor) = cursor {
            q.push_str(&format!("&cursor={}", encode(&cursor.to_param())));
        }
        q
    }
}

fn change_time(
    query: &QueryParams,
    name: &str,
    zone: Tz,
) -> Result<Option<(String, Timestamp)>, ApiError> {
    let Some(raw) = query.get(name)? else {
        return Ok(None);
    };
    let instant = parse_change_time(raw, zone).map_err(|e: ChangeTimeError| {
        ApiError::bad_request(format!("Query-Parameter {name}: '{raw}' {e}"))
    })?;
    Ok(Some((raw.to_owned(), Timestamp::from(instant))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<ListParams, ApiError> {
        ListParams::parse(&QueryParams::parse(q), chrono_tz::Europe::Berlin)
    }

    #[test]
    fn defaults() {
        let p = parse("").unwrap();
        assert_eq!(p.daten_kontext, DatenKontext::EchtGeschaeft);
        assert_eq!(p.order, SortOrder::Descending);
        assert_eq!((p.page, p.limit), (0, 10));
        assert_eq!(
            p.link_query(1, None),
            "datenKontext=ECHT_GESCHAEFT&sort=absteigend&page=1&limit=10"
        );
    }

    #[test]
    fn rejects_bad_values_naming_the_parameter() {
        for (q, name) in [
            ("datenKontext=ECHT", "datenKontext"),
            ("sort=desc", "sort"),
            ("page=-1", "page"),
            ("page=x", "page"),
            ("page=2147483648", "page"),
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("limit=", "limit"),
            ("aenderungSeit=2020-7-10", "aenderungSeit"),
            ("aenderungBis=gestern", "aenderungBis"),
            ("cursor=zz", "cursor"),
            ("sort=absteigend&sort=aufsteigend", "sort"),
        ] {
            let ApiError::BadRequest(m) = parse(q).unwrap_err() else {
                panic!("{q}")
            };
            assert!(m.contains(name), "{q}: {m}");
        }
    }

    #[test]
    fn cursor_roundtrips() {
        let c = Cursor::After(ListKey {
            letzte_aenderung: Timestamp(1_715_670_764_512_000),
            vorgangs_nummer: "AB1234".into(),
        });
        assert_eq!(Cursor::parse(&c.to_param()), Some(c.clone()));
        let p = parse(&format!("cursor={}&page=3", c.to_param())).unwrap();
        assert_eq!(
            p.to_query().start,
            ListStart::After(match c {
                Cursor::After(k) => k,
                Cursor::Before(_) => unreachable!(),
            })
        );
        assert_eq!(Cursor::parse("x.1.AB1234"), None);
        assert_eq!(Cursor::parse("n.1."), None);
    }

    #[test]
    fn links_repeat_the_raw_window() {
        let p = parse("aenderungSeit=2020-07-10T13:00%2B02:00&aenderungBis=2020-07-11").unwrap();
        assert_eq!(
            p.link_query(0, None),
            "datenKontext=ECHT_GESCHAEFT&aenderungSeit=2020-07-10T13:00%2B02:00\
             &aenderungBis=2020-07-11&sort=absteigend&page=0&limit=10"
        );
    }
}
