//! The directory version: a counter the schema's triggers bump on every change to partners,
//! grants, clients or signing keys (see `migrations/0001_init.sql`).

use vorgaenge_store::StoreError;

use crate::db_err;
use crate::shared_readers::ReadConnection;

pub(crate) async fn directory_version(conn: &impl ReadConnection) -> Result<i64, StoreError> {
    let stmt = conn
        .statement("SELECT version FROM directory_version WHERE id = 1")
        .await?;
    conn.client()
        .query_one(&stmt, &[])
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)
}
