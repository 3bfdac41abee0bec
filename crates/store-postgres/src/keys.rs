//! The token endpoint's signing keys: one in use, older ones retired but kept until pruned.

use deadpool_postgres::Object;
use tokio_postgres::{GenericClient, Row};
use vorgaenge_store::sql::KEY_COLUMNS;
use vorgaenge_store::{SigningKeyRecord, StoreError, Timestamp};

use crate::{bytes, db_err};

fn key_from_row(row: &Row) -> Result<SigningKeyRecord, StoreError> {
    Ok(SigningKeyRecord {
        kid: row.try_get(0).map_err(db_err)?,
        algorithm: row.try_get(1).map_err(db_err)?,
        private_key: bytes(row, 2)?,
        public_key: bytes(row, 3)?,
        created_at: Timestamp(row.try_get(4).map_err(db_err)?),
        retired_at: row
            .try_get::<_, Option<i64>>(5)
            .map_err(db_err)?
            .map(Timestamp),
    })
}

/// Every key, newest first; `kid` breaks ties so the order is total.
pub(crate) async fn signing_keys(
    conn: &impl GenericClient,
) -> Result<Vec<SigningKeyRecord>, StoreError> {
    conn.query(
        &format!("SELECT {KEY_COLUMNS} FROM signing_keys ORDER BY created_at DESC, kid DESC"),
        &[],
    )
    .await
    .map_err(db_err)?
    .iter()
    .map(key_from_row)
    .collect()
}

async fn insert_key(conn: &impl GenericClient, key: &SigningKeyRecord) -> Result<(), StoreError> {
    conn.execute(
        &format!("INSERT INTO signing_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"),
        &[
            &key.kid,
            &key.algorithm,
            &key.private_key.as_ref(),
            &key.public_key.as_ref(),
            &key.created_at.0,
            &key.retired_at.map(|t| t.0),
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Key changes lock the table against each other (the mode conflicts with itself, not with
/// readers): instances starting at once queue up, and the first one's key is what every
/// later one finds.
const LOCK_KEYS: &str = "LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE";

pub(crate) async fn ensure_signing_key(
    conn: &mut Object,
    key: &SigningKeyRecord,
) -> Result<Vec<SigningKeyRecord>, StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    tx.batch_execute(LOCK_KEYS).await.map_err(db_err)?;
    let in_use: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)",
            &[],
        )
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    if !in_use {
        insert_key(&*tx, key).await?;
    }
    let keys = signing_keys(&*tx).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(keys)
}

pub(crate) async fn rotate_signing_key(
    conn: &mut Object,
    key: &SigningKeyRecord,
) -> Result<(), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    tx.batch_execute(LOCK_KEYS).await.map_err(db_err)?;
    tx.execute(
        "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL",
        &[&key.created_at.0],
    )
    .await
    .map_err(db_err)?;
    insert_key(&*tx, key).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn prune_signing_keys(
    conn: &Object,
    before: Timestamp,
) -> Result<u64, StoreError> {
    // The key in use (retired_at NULL) never matches: NULL < x is not true.
    conn.execute(
        "DELETE FROM signing_keys WHERE retired_at < $1",
        &[&before.0],
    )
    .await
    .map_err(db_err)
}
