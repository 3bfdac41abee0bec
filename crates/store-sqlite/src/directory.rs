//! The directory version: a counter the schema's triggers bump on every change to partners,
//! grants, clients or signing keys (see `migrations/0002_access.sql`).

use rusqlite::Connection;
use vorgaenge_store::StoreError;

use crate::pool::db_err;

pub(crate) fn version(conn: &mut Connection) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT version FROM directory_version WHERE id = 1")
        .map_err(db_err)?
        .query_row([], |r| r.get(0))
        .map_err(db_err)
}
