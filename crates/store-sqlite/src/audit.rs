//! Audit records of case changes: appended in the change's transaction, read per case.

use rusqlite::{Connection, Row, params};
use vorgaenge_store::{AuditRecord, StoreError, Timestamp};

use crate::pool::db_err;

/// The columns [`record_from_row`] reads, in its order.
pub(crate) const AUDIT_COLUMNS: &str =
    "vorgangs_nummer, zeit, partner, actor, client_id, trace_id, aktion, ereignisse";

/// Appends `record` as it is (its case number and time set).
pub(crate) fn append(conn: &Connection, record: &AuditRecord) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit (vorgangs_nummer, zeit, partner, actor, client_id, trace_id, aktion, \
             ereignisse) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .map_err(db_err)?
    .execute(params![
        record.vorgangs_nummer,
        record.zeit.0,
        record.partner,
        record.actor,
        record.client_id,
        record.trace_id,
        record.aktion,
        record.ereignisse_json(),
    ])
    .map_err(db_err)?;
    Ok(())
}

/// The records of case `nr`, oldest first.
pub(crate) fn of_case(conn: &mut Connection, nr: &str) -> Result<Vec<AuditRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE vorgangs_nummer = ?1 ORDER BY id"
        ))
        .map_err(db_err)?;
    let mut rows = stmt.query([nr]).map_err(db_err)?;
    let mut records = Vec::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        records.push(record_from_row(row)?);
    }
    Ok(records)
}

/// A record from a row of [`AUDIT_COLUMNS`].
pub(crate) fn record_from_row(row: &Row<'_>) -> Result<AuditRecord, StoreError> {
    let text: String = row.get(7).map_err(db_err)?;
    Ok(AuditRecord {
        vorgangs_nummer: row.get(0).map_err(db_err)?,
        zeit: Timestamp(row.get(1).map_err(db_err)?),
        partner: row.get(2).map_err(db_err)?,
        actor: row.get(3).map_err(db_err)?,
        client_id: row.get(4).map_err(db_err)?,
        trace_id: row.get(5).map_err(db_err)?,
        aktion: row.get(6).map_err(db_err)?,
        ereignisse: AuditRecord::ereignisse_from_json(&text)?,
    })
}
