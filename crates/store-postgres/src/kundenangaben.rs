//! The Kundenangaben kept with a case created through the Kundenangaben API.

use bytes::Bytes;
use deadpool_postgres::{Object, Transaction};
use vorgaenge_store::StoreError;

use crate::{bytes, db_err};

/// Inserts or replaces the Kundenangaben of a case.
pub(crate) async fn put(tx: &Transaction<'_>, nr: &str, document: &[u8]) -> Result<(), StoreError> {
    let upsert = tx
        .prepare_cached(
            "INSERT INTO kundenangaben (vorgangs_nummer, document) VALUES ($1, $2) \
             ON CONFLICT (vorgangs_nummer) DO UPDATE SET document = excluded.document",
        )
        .await
        .map_err(db_err)?;
    tx.execute(&upsert, &[&nr, &document])
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Removes the Kundenangaben of a case (a restored case that has none).
pub(crate) async fn delete(tx: &Transaction<'_>, nr: &str) -> Result<(), StoreError> {
    let delete = tx
        .prepare_cached("DELETE FROM kundenangaben WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    tx.execute(&delete, &[&nr]).await.map_err(db_err)?;
    Ok(())
}

pub(crate) async fn get(conn: &Object, nr: &str) -> Result<Option<Bytes>, StoreError> {
    let select = conn
        .prepare_cached("SELECT document FROM kundenangaben WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    conn.query_opt(&select, &[&nr])
        .await
        .map_err(db_err)?
        .map(|row| bytes(&row, 0))
        .transpose()
}
