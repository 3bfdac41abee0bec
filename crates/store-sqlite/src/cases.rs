//! Reading single cases and their sub-resources.

use std::sync::LazyLock;

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, Row};
use vorgaenge_store::sql::META_COLUMNS;
use vorgaenge_store::{
    CaseMeta, DatenKontext, StoreError, StoredAngebot, StoredCase, StoredVorschlag, Timestamp,
};

use crate::pool::db_err;

/// A case by key. The statement texts are built once, so a read builds no string to look its
/// statement up.
static CASE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {META_COLUMNS}, document FROM cases WHERE vorgangs_nummer = ?1")
});
static CASE_META_SQL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {META_COLUMNS} FROM cases WHERE vorgangs_nummer = ?1"));

/// A case's columns from a row of [`META_COLUMNS`].
pub(crate) fn meta_from_row(row: &Row<'_>) -> rusqlite::Result<CaseMeta> {
    // Borrowed: the context is parsed, never kept as text.
    let kontext = row.get_ref(1)?.as_str()?;
    Ok(CaseMeta {
        vorgangs_nummer: row.get(0)?,
        daten_kontext: parse_kontext(kontext).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
        })?,
        status: row.get(2)?,
        letzte_aenderung: Timestamp(row.get(3)?),
        letztes_ereignis: row.get(4)?,
        externe_vorgangs_nummer: row.get(5)?,
        kunden_betreuer: row.get(6)?,
        vorgangs_bearbeiter: row.get(7)?,
    })
}

fn parse_kontext(text: &str) -> Result<DatenKontext, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("datenKontext: {e}")))
}

pub(crate) fn case(conn: &Connection, nr: &str) -> Result<Option<StoredCase>, StoreError> {
    conn.prepare_cached(&CASE_SQL)
        .map_err(db_err)?
        .query_row([nr], |row| {
            Ok(StoredCase {
                meta: meta_from_row(row)?,
                document: Bytes::from(row.get::<_, Vec<u8>>(8)?),
            })
        })
        .optional()
        .map_err(db_err)
}

pub(crate) fn case_meta(conn: &mut Connection, nr: &str) -> Result<Option<CaseMeta>, StoreError> {
    conn.prepare_cached(&CASE_META_SQL)
        .map_err(db_err)?
        .query_row([nr], meta_from_row)
        .optional()
        .map_err(db_err)
}

pub(crate) fn finanzierungsvorschlaege(
    conn: &mut Connection,
    nr: &str,
) -> Result<Vec<StoredVorschlag>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, document FROM finanzierungsvorschlaege WHERE vorgangs_nummer = ?1 ORDER BY id",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([nr], |row| {
            Ok(StoredVorschlag {
                id: row.get(0)?,
                document: Bytes::from(row.get::<_, Vec<u8>>(1)?),
            })
        })
        .map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}

pub(crate) fn gemerkte_angebote(
    conn: &mut Connection,
    nr: &str,
) -> Result<Vec<StoredAngebot>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT nummer_am_vorgang, angebot, zahlungsplaene FROM gemerkte_angebote \
             WHERE vorgangs_nummer = ?1 ORDER BY nummer_am_vorgang",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([nr], |row| {
            Ok(StoredAngebot {
                nummer_am_vorgang: row.get(0)?,
                angebot: Bytes::from(row.get::<_, Vec<u8>>(1)?),
                zahlungsplaene: Bytes::from(row.get::<_, Vec<u8>>(2)?),
            })
        })
        .map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}

pub(crate) fn count(conn: &mut Connection) -> Result<u64, StoreError> {
    conn.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)
        .map_err(db_err)
}
