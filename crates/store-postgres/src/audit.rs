//! Audit records of case changes: appended in the change's transaction, read per case.

use deadpool_postgres::{Object, Transaction};
use tokio_postgres::Row;
use vorgaenge_store::sql::AUDIT_COLUMNS;
use vorgaenge_store::{AuditRecord, StoreError, Timestamp};

use crate::db_err;

/// Appends `record` as it is (its case number and time set).
pub(crate) async fn append(tx: &Transaction<'_>, record: &AuditRecord) -> Result<(), StoreError> {
    let insert = tx
        .prepare_cached(
            "INSERT INTO audit (vorgangs_nummer, zeit, partner, actor, client_id, trace_id, \
                 aktion, ereignisse) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .await
        .map_err(db_err)?;
    tx.execute(
        &insert,
        &[
            &record.vorgangs_nummer,
            &record.zeit.0,
            &record.partner,
            &record.actor,
            &record.client_id,
            &record.trace_id,
            &record.aktion,
            &record.ereignisse_json(),
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The records of case `nr`, oldest first.
pub(crate) async fn of_case(conn: &Object, nr: &str) -> Result<Vec<AuditRecord>, StoreError> {
    let select = conn
        .prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE vorgangs_nummer = $1 ORDER BY id"
        ))
        .await
        .map_err(db_err)?;
    conn.query(&select, &[&nr])
        .await
        .map_err(db_err)?
        .iter()
        .map(record_from_row)
        .collect()
}

/// A record from a row of [`AUDIT_COLUMNS`].
pub(crate) fn record_from_row(row: &Row) -> Result<AuditRecord, StoreError> {
    let text: &str = row.try_get(7).map_err(db_err)?;
    Ok(AuditRecord {
        vorgangs_nummer: row.try_get(0).map_err(db_err)?,
        zeit: Timestamp(row.try_get(1).map_err(db_err)?),
        partner: row.try_get(2).map_err(db_err)?,
        actor: row.try_get(3).map_err(db_err)?,
        client_id: row.try_get(4).map_err(db_err)?,
        trace_id: row.try_get(5).map_err(db_err)?,
        aktion: row.try_get(6).map_err(db_err)?,
        ereignisse: AuditRecord::ereignisse_from_json(text)?,
    })
}
