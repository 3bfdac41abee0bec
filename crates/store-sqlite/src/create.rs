//! A new case (from the Kundenangaben API), written in one transaction with its events, its
//! Kundenangaben and its audit record.

use rusqlite::Connection;
use vorgaenge_store::{CaseCreate, Created, StoreError, StoredCase};

use crate::pool::db_err;
use crate::{audit, clock, events, kundenangaben, writes};

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
    events::append_events(&tx, nr, stamp.0, &update.events)?;
    if let Some(kundenangaben) = &update.kundenangaben {
        kundenangaben::put(&tx, nr, kundenangaben)?;
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
