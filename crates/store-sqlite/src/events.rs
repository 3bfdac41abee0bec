//! The events of a case: appended with the change that records them, read oldest first.

use bytes::Bytes;
use rusqlite::{Connection, params};
use vorgaenge_store::{NewEvent, StoreError};

use crate::pool::db_err;

/// Appends the events of a change to case `nr`, all stamped `stamp`.
pub(crate) fn append_events(
    conn: &Connection,
    nr: &str,
    stamp: i64,
    events: &[NewEvent],
) -> Result<(), StoreError> {
    insert_events(
        conn,
        nr,
        &events
            .iter()
            .map(|e| (e.antrags_nummer.as_deref(), stamp, e.document.as_ref()))
            .collect::<Vec<_>>(),
    )
}

/// Appends events to case `nr` in the order given, each as (Antrag, time in micros, JSON).
pub(crate) fn insert_events(
    conn: &Connection,
    nr: &str,
    events: &[(Option<&str>, i64, &[u8])],
) -> Result<(), StoreError> {
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO ereignisse (vorgangs_nummer, antrags_nummer, zeitpunkt, document) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    for (antrags_nummer, zeitpunkt, document) in events {
        insert
            .execute(params![nr, antrags_nummer, zeitpunkt, document])
            .map_err(db_err)?;
    }
    Ok(())
}

/// The events of case `nr`, oldest first; with `antrag` only those of that Antrag.
pub(crate) fn events(
    conn: &mut Connection,
    nr: &str,
    antrag: Option<&str>,
) -> Result<Vec<Bytes>, StoreError> {
    let mut stmt = match antrag {
        None => conn.prepare_cached(
            "SELECT document FROM ereignisse WHERE vorgangs_nummer = ?1 ORDER BY id",
        ),
        Some(_) => conn.prepare_cached(
            "SELECT document FROM ereignisse WHERE vorgangs_nummer = ?1 AND antrags_nummer = ?2 \
             ORDER BY id",
        ),
    }
    .map_err(db_err)?;
    let map = |row: &rusqlite::Row<'_>| row.get::<_, Vec<u8>>(0).map(Bytes::from);
    let rows = match antrag {
        None => stmt.query_map([nr], map),
        Some(a) => stmt.query_map([nr, a], map),
    }
    .map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}
