//! The change clock: every case write stamps `letzte_aenderung` strictly after the newest
//! stamp handed out, inside a transaction that holds the write lock from its start.

use rusqlite::{Connection, Transaction, TransactionBehavior};
use vorgaenge_store::{StoreError, Timestamp};

use crate::pool::db_err;

/// Starts a write transaction and reads the newest stamp handed out. IMMEDIATE takes the
/// write lock up front, so the read cannot race another process writing the same file.
pub(crate) fn begin(conn: &mut Connection) -> Result<(Transaction<'_>, i64), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err)?;
    let last = tx
        .prepare_cached("SELECT last FROM change_clock WHERE id = 1")
        .map_err(db_err)?
        .query_row([], |r| r.get(0))
        .map_err(db_err)?;
    Ok((tx, last))
}

/// The stamp of a change now: the current time, or just after `last` if the clock is behind.
pub(crate) fn next(last: i64) -> Timestamp {
    Timestamp(Timestamp::now().0.max(last + 1))
}

/// Records `last` as the newest stamp and commits.
pub(crate) fn commit(tx: Transaction<'_>, last: i64) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE change_clock SET last = ?1 WHERE id = 1")
        .map_err(db_err)?
        .execute([last])
        .map_err(db_err)?;
    tx.commit().map_err(db_err)
}
