//! Cases created through the Kundenangaben API, and the Kundenangaben kept with them.

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, params};
use vorgaenge_store::{CaseCreate, Created, StoreError, StoredCase};

use crate::pool::db_err;
use crate::{audit, clock, writes};

/// Inserts the case `nr` in one immediate transaction stamped by the change clock, unless the
/// number is taken (then nothing is written).
pub(crate) fn create_case(
    conn: &mut Connection,
    nr: &str,
    create: CaseCreate,
) -> Result<Created, StoreError> {
    let (tx, last) = clock::begin(conn)?;
    let taken = tx
        .prepare_cached("SELECT 1 FROM cases WHERE vorgangs_nummer = ?1")
        .map_err(db_err)?
        .exists([nr])
        .map_err(db_err)?;
    if taken {
        tx.rollback().map_err(db_err)?;
        return Ok(Created::Taken);
    }
    let stamp = clock::next(last);
    let update = create(stamp);
    let mut meta = update.meta;
    meta.vorgangs_nummer = nr.to_owned();
    meta.letzte_aenderung = stamp;
    writes::write_row(&tx, &meta, &update.document, stamp.0)?;
    writes::append_events(&tx, nr, stamp.0, &update.events)?;
    if let Some(kundenangaben) = &update.kundenangaben {
        put(&tx, nr, kundenangaben)?;
    }
    let mut record = update.audit;
    record.zeit = stamp;
    record.vorgangs_nummer = nr.to_owned();
    audit::append(&tx, &record)?;
    clock::commit(tx, stamp.0)?;
    Ok(Created::Done {
        case: StoredCase {
            meta,
            document: update.document,
        },
        audit: Box::new(record),
    })
}

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
