//! The events of a case: appended with the change that records them, read oldest first.

use bytes::Bytes;
use deadpool_postgres::{Object, Transaction};
use vorgaenge_store::{NewEvent, StoreError};

use crate::{bytes, db_err};

/// Appends the events of a change to case `nr`, all stamped `stamp`.
pub(crate) async fn append_events(
    tx: &Transaction<'_>,
    nr: &str,
    stamp: i64,
    events: &[NewEvent],
) -> Result<(), StoreError> {
    insert_events(
        tx,
        nr,
        &events
            .iter()
            .map(|e| (e.antrags_nummer.as_deref(), stamp, e.document.as_ref()))
            .collect::<Vec<_>>(),
    )
    .await
}

/// Appends events to case `nr` in the order given, each as (Antrag, time in micros, JSON).
pub(crate) async fn insert_events(
    tx: &Transaction<'_>,
    nr: &str,
    events: &[(Option<&str>, i64, &[u8])],
) -> Result<(), StoreError> {
    let insert = tx
        .prepare_cached(
            "INSERT INTO ereignisse (vorgangs_nummer, antrags_nummer, zeitpunkt, document) \
             VALUES ($1, $2, $3, $4)",
        )
        .await
        .map_err(db_err)?;
    for (antrags_nummer, zeitpunkt, document) in events {
        tx.execute(&insert, &[&nr, &antrags_nummer, &zeitpunkt, &document])
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// The events of case `nr`, oldest first; with `antrag` only those of that Antrag.
pub(crate) async fn events(
    conn: &Object,
    nr: &str,
    antrag: Option<&str>,
) -> Result<Vec<Bytes>, StoreError> {
    let rows = match antrag {
        None => {
            let stmt = conn
                .prepare_cached(
                    "SELECT document FROM ereignisse WHERE vorgangs_nummer = $1 ORDER BY id",
                )
                .await
                .map_err(db_err)?;
            conn.query(&stmt, &[&nr]).await
        }
        Some(antrag) => {
            let stmt = conn
                .prepare_cached(
                    "SELECT document FROM ereignisse \
                     WHERE vorgangs_nummer = $1 AND antrags_nummer = $2 ORDER BY id",
                )
                .await
                .map_err(db_err)?;
            conn.query(&stmt, &[&nr, &antrag]).await
        }
    }
    .map_err(db_err)?;
    rows.iter().map(|row| bytes(row, 0)).collect()
}
