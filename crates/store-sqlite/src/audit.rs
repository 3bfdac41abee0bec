//! Audit records of case changes: appended in the change's transaction, read per case.

use rusqlite::{Connection, Row, params};
use vorgaenge_store::sql::AUDIT_COLUMNS;
use vorgaenge_store::{AuditRecord, StoreError, Timestamp};

use crate::pool::db_err;

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
        records.push(record_from_row(row).map_err(db_err)?);
    }
    Ok(records)
}

/// A record from a row of [`AUDIT_COLUMNS`]; unreadable `ereignisse` are a failed conversion
/// of that column.
pub(crate) fn record_from_row(row: &Row<'_>) -> rusqlite::Result<AuditRecord> {
    let text: String = row.get(7)?;
    let ereignisse = AuditRecord::ereignisse_from_json(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(AuditRecord {
        vorgangs_nummer: row.get(0)?,
        zeit: Timestamp(row.get(1)?),
        partner: row.get(2)?,
        actor: row.get(3)?,
        client_id: row.get(4)?,
        trace_id: row.get(5)?,
        aktion: row.get(6)?,
        ereignisse,
    })
}
