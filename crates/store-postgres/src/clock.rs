//! The change clock: every case write stamps `letzte_aenderung` strictly after the newest
//! stamp handed out.
//!
//! Every write transaction first locks the clock row (`FOR UPDATE`) and holds it until
//! commit. That serialises case writers across connections and instances, like SQLite's
//! single writer: stamps strictly increase, and a change stamped `t` commits before any
//! change stamped after `t`, so a client following the change feed never misses one.

use deadpool_postgres::{Object, Transaction};
use vorgaenge_store::{StoreError, Timestamp};

use crate::db_err;

const LOCK_CLOCK: &str = "SELECT last FROM change_clock WHERE id = 1 FOR UPDATE";
const SET_CLOCK: &str = "UPDATE change_clock SET last = $1 WHERE id = 1";

/// Starts a write transaction holding the clock; returns it with the newest stamp handed out.
pub(crate) async fn begin(conn: &mut Object) -> Result<(Transaction<'_>, i64), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    let lock = tx.prepare_cached(LOCK_CLOCK).await.map_err(db_err)?;
    let last: i64 = tx
        .query_one(&lock, &[])
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    Ok((tx, last))
}

/// Records `last` as the newest stamp handed out, in the transaction that holds the clock.
pub(crate) async fn set_clock(tx: &Transaction<'_>, last: i64) -> Result<(), StoreError> {
    let stmt = tx.prepare_cached(SET_CLOCK).await.map_err(db_err)?;
    tx.execute(&stmt, &[&last]).await.map_err(db_err)?;
    Ok(())
}

/// The stamp of a change now: the current time, or just after `last` if the clock is behind.
pub(crate) fn next(last: i64) -> Timestamp {
    Timestamp(Timestamp::now().0.max(last + 1))
}
