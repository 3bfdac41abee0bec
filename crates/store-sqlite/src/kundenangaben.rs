//! The Kundenangaben kept with a case created through the Kundenangaben API.

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, params};
use vorgaenge_store::StoreError;

use crate::pool::db_err;

/// Inserts or replaces the Kundenangaben of a case.
pub(crate) fn put(conn: &Connection, nr: &str, document: &[u8]) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO kundenangaben (vorgangs_nummer, document) VALUES (?1, ?2) \
         ON CONFLICT (vorgangs_nummer) DO UPDATE SET document = excluded.document",
    )
    .map_err(db_err)?
    .execute(params![nr, document])
    .map_err(db_err)?;
    Ok(())
}

/// Removes the Kundenangaben of a case (a restored case that has none).
pub(crate) fn delete(conn: &Connection, nr: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM kundenangaben WHERE vorgangs_nummer = ?1")
        .map_err(db_err)?
        .execute([nr])
        .map_err(db_err)?;
    Ok(())
}

pub(crate) fn get(conn: &mut Connection, nr: &str) -> Result<Option<Bytes>, StoreError> {
    conn.prepare_cached("SELECT document FROM kundenangaben WHERE vorgangs_nummer = ?1")
        .map_err(db_err)?
        .query_row([nr], |r| r.get::<_, Vec<u8>>(0))
        .optional()
        .map_err(db_err)
        .map(|d| d.map(Bytes::from))
}
