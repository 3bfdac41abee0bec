//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.

use rusqlite::Connection;
use vorgaenge_store::StoreError;

use crate::pool::db_err;

/// Every migration, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db_err)?;
    let current: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_err)?;
    let current = usize::try_from(current)
        .map_err(|_| StoreError::Corrupt(format!("invalid schema version {current}")))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "database schema version {current} is newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql).map_err(db_err)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(db_err)?;
        tracing::info!(version = i + 1, "applied database migration");
    }
    tx.commit().map_err(db_err)
}
