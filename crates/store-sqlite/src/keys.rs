//! The token endpoint's signing keys: one in use, older ones retired but kept until pruned.

use bytes::Bytes;
use rusqlite::{Connection, Row, Transaction, TransactionBehavior, params};
use vorgaenge_store::sql::KEY_COLUMNS;
use vorgaenge_store::{SigningKeyRecord, StoreError, Timestamp};

use crate::pool::db_err;

fn from_row(row: &Row<'_>) -> rusqlite::Result<SigningKeyRecord> {
    Ok(SigningKeyRecord {
        kid: row.get(0)?,
        algorithm: row.get(1)?,
        private_key: Bytes::from(row.get::<_, Vec<u8>>(2)?),
        public_key: Bytes::from(row.get::<_, Vec<u8>>(3)?),
        created_at: Timestamp(row.get(4)?),
        retired_at: row.get::<_, Option<i64>>(5)?.map(Timestamp),
    })
}

/// Every key, newest first; `kid` breaks ties so the order is total.
pub(crate) fn all(conn: &Connection) -> Result<Vec<SigningKeyRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM signing_keys ORDER BY created_at DESC, kid DESC"
        ))
        .map_err(db_err)?;
    let rows = stmt.query_map([], from_row).map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}

fn insert(tx: &Transaction<'_>, key: &SigningKeyRecord) -> Result<(), StoreError> {
    tx.prepare_cached(&format!(
        "INSERT INTO signing_keys ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))
    .map_err(db_err)?
    .execute(params![
        key.kid,
        key.algorithm,
        key.private_key.as_ref(),
        key.public_key.as_ref(),
        key.created_at.0,
        key.retired_at.map(|t| t.0),
    ])
    .map_err(db_err)?;
    Ok(())
}

/// IMMEDIATE takes the write lock before the read: instances starting at once on one file
/// queue up, and the first one's key is what every later one finds.
fn write_tx(conn: &mut Connection) -> Result<Transaction<'_>, StoreError> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err)
}

pub(crate) fn ensure(
    conn: &mut Connection,
    key: &SigningKeyRecord,
) -> Result<Vec<SigningKeyRecord>, StoreError> {
    let tx = write_tx(conn)?;
    let in_use: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)",
            [],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    if !in_use {
        insert(&tx, key)?;
    }
    let keys = all(&tx)?;
    tx.commit().map_err(db_err)?;
    Ok(keys)
}

pub(crate) fn rotate(conn: &mut Connection, key: &SigningKeyRecord) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    tx.prepare_cached("UPDATE signing_keys SET retired_at = ?1 WHERE retired_at IS NULL")
        .map_err(db_err)?
        .execute([key.created_at.0])
        .map_err(db_err)?;
    insert(&tx, key)?;
    tx.commit().map_err(db_err)
}

pub(crate) fn prune(conn: &mut Connection, before: Timestamp) -> Result<u64, StoreError> {
    // The key in use (retired_at NULL) never matches: NULL < x is not true.
    let deleted = conn
        .prepare_cached("DELETE FROM signing_keys WHERE retired_at < ?1")
        .map_err(db_err)?
        .execute([before.0])
        .map_err(db_err)?;
    Ok(deleted as u64)
}
