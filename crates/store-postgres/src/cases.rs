//! Reading single cases and their sub-resources.

use std::sync::LazyLock;

use deadpool_postgres::Object;
use tokio_postgres::Row;
use vorgaenge_store::sql::META_COLUMNS;
use vorgaenge_store::{
    CaseMeta, StoreError, StoredAngebot, StoredCase, StoredVorschlag, Timestamp,
};

use crate::shared_readers::ReadConnection;
use crate::{bytes, db_err};

/// A case by key, built once.
static CASE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {META_COLUMNS}, document FROM cases WHERE vorgangs_nummer = $1")
});
static CASE_META_SQL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {META_COLUMNS} FROM cases WHERE vorgangs_nummer = $1"));

/// A case's columns from a row of [`META_COLUMNS`].
pub(crate) fn meta_from_row(row: &Row) -> Result<CaseMeta, StoreError> {
    let kontext: &str = row.try_get(1).map_err(db_err)?;
    Ok(CaseMeta {
        vorgangs_nummer: row.try_get(0).map_err(db_err)?,
        daten_kontext: kontext
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("datenKontext: {e}")))?,
        status: row.try_get(2).map_err(db_err)?,
        letzte_aenderung: Timestamp(row.try_get(3).map_err(db_err)?),
        letztes_ereignis: row.try_get(4).map_err(db_err)?,
        externe_vorgangs_nummer: row.try_get(5).map_err(db_err)?,
        kunden_betreuer: row.try_get(6).map_err(db_err)?,
        vorgangs_bearbeiter: row.try_get(7).map_err(db_err)?,
    })
}

/// A case from a row of [`META_COLUMNS`] followed by the document.
pub(crate) fn case_from_row(row: &Row) -> Result<StoredCase, StoreError> {
    Ok(StoredCase {
        meta: meta_from_row(row)?,
        document: bytes(row, 8)?,
    })
}

pub(crate) async fn case(
    conn: &impl ReadConnection,
    nr: &str,
) -> Result<Option<StoredCase>, StoreError> {
    let stmt = conn.statement(&CASE_SQL).await?;
    conn.client()
        .query_opt(&stmt, &[&nr])
        .await
        .map_err(db_err)?
        .as_ref()
        .map(case_from_row)
        .transpose()
}

pub(crate) async fn case_meta(
    conn: &impl ReadConnection,
    nr: &str,
) -> Result<Option<CaseMeta>, StoreError> {
    let stmt = conn.statement(&CASE_META_SQL).await?;
    conn.client()
        .query_opt(&stmt, &[&nr])
        .await
        .map_err(db_err)?
        .as_ref()
        .map(meta_from_row)
        .transpose()
}

pub(crate) async fn finanzierungsvorschlaege(
    conn: &impl ReadConnection,
    nr: &str,
) -> Result<Vec<StoredVorschlag>, StoreError> {
    let stmt = conn
        .statement(
            "SELECT id, document FROM finanzierungsvorschlaege WHERE vorgangs_nummer = $1 \
             ORDER BY id",
        )
        .await?;
    conn.client()
        .query(&stmt, &[&nr])
        .await
        .map_err(db_err)?
        .iter()
        .map(|row| {
            Ok(StoredVorschlag {
                id: row.try_get(0).map_err(db_err)?,
                document: bytes(row, 1)?,
            })
        })
        .collect()
}

pub(crate) async fn gemerkte_angebote(
    conn: &impl ReadConnection,
    nr: &str,
) -> Result<Vec<StoredAngebot>, StoreError> {
    let stmt = conn
        .statement(
            "SELECT nummer_am_vorgang, angebot, zahlungsplaene FROM gemerkte_angebote \
             WHERE vorgangs_nummer = $1 ORDER BY nummer_am_vorgang",
        )
        .await?;
    conn.client()
        .query(&stmt, &[&nr])
        .await
        .map_err(db_err)?
        .iter()
        .map(|row| {
            Ok(StoredAngebot {
                nummer_am_vorgang: row.try_get(0).map_err(db_err)?,
                angebot: bytes(row, 1)?,
                zahlungsplaene: bytes(row, 2)?,
            })
        })
        .collect()
}

pub(crate) async fn count(conn: &Object) -> Result<u64, StoreError> {
    let n: i64 = conn
        .query_one("SELECT COUNT(*) FROM cases", &[])
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    Ok(n.max(0) as u64)
}
