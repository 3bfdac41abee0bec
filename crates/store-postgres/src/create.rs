//! A new case (from the Kundenangaben API), written in one transaction with its events, its
//! Kundenangaben and its audit record.

use deadpool_postgres::{Object, Transaction};
use vorgaenge_store::{AuditRecord, CaseCreate, Created, StoreError, StoredCase};

use crate::{audit, clock, db_err, events, kundenangaben, writes};

/// Inserts the case `nr` in one transaction holding the change clock, unless the number is
/// taken (then nothing is written). The transaction is always ended explicitly: a dropped one
/// only queues its rollback, and the connection goes back to the pool still inside it.
pub(crate) async fn create_case(
    conn: &mut Object,
    nr: &str,
    create: CaseCreate,
) -> Result<Created, StoreError> {
    let (tx, last) = clock::begin(conn).await?;
    match write_new(&tx, nr, last, create).await {
        Ok(Some((case, audit))) => {
            tx.commit().await.map_err(db_err)?;
            Ok(Created::Done {
                case,
                audit: Box::new(audit),
            })
        }
        Ok(None) => {
            tx.rollback().await.map_err(db_err)?;
            Ok(Created::Taken)
        }
        Err(e) => {
            // The write's error is the one worth reporting; a failing rollback adds nothing.
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

/// The writes of [`create_case`]: the case and its audit record; `None` if the number is
/// taken.
async fn write_new(
    tx: &Transaction<'_>,
    nr: &str,
    last: i64,
    create: CaseCreate,
) -> Result<Option<(StoredCase, AuditRecord)>, StoreError> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM cases WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    if tx
        .query_opt(&exists, &[&nr])
        .await
        .map_err(db_err)?
        .is_some()
    {
        return Ok(None);
    }
    let stamp = clock::next(last);
    // A panic in `create` is the server's bug; it must not leave the transaction open.
    let update = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| create(stamp)))
        .map_err(|_| StoreError::Panicked("creating a case"))?;
    let mut meta = update.meta;
    meta.vorgangs_nummer = nr.to_owned();
    meta.letzte_aenderung = stamp;
    writes::write_row(tx, &meta, &update.document, stamp.0).await?;
    events::append_events(tx, nr, stamp.0, &update.events).await?;
    if let Some(kundenangaben) = &update.kundenangaben {
        kundenangaben::put(tx, nr, kundenangaben).await?;
    }
    let mut record = update.audit;
    record.zeit = stamp;
    record.vorgangs_nummer = nr.to_owned();
    audit::append(tx, &record).await?;
    clock::set_clock(tx, stamp.0).await?;
    Ok(Some((
        StoredCase {
            meta,
            document: update.document,
        },
        record,
    )))
}
