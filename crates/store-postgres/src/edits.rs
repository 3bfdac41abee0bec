//! Editing cases: the case as committed, read and locked, decided on, and written with its
//! events, Kundenangaben and audit record in one transaction holding the change clock.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use deadpool_postgres::Object;
use vorgaenge_store::sql::META_COLUMNS;
use vorgaenge_store::{CaseEdit, EditRefused, Edited, StoreError, StoredCase};

use crate::cases::case_from_row;
use crate::{audit, clock, db_err, events, kundenangaben};

static CASE_FOR_UPDATE: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {META_COLUMNS}, document FROM cases WHERE vorgangs_nummer = $1 FOR UPDATE")
});

/// Applies `edit` to the case as committed, inside a write transaction holding the clock and
/// the case row. A missing case, a refused or empty edit and a panicking edit roll back.
pub(crate) async fn edit_case(
    conn: &mut Object,
    nr: &str,
    edit: CaseEdit,
) -> Result<Edited, StoreError> {
    let (tx, last) = clock::begin(conn).await?;
    let select = tx.prepare_cached(&CASE_FOR_UPDATE).await.map_err(db_err)?;
    let Some(row) = tx.query_opt(&select, &[&nr]).await.map_err(db_err)? else {
        tx.rollback().await.map_err(db_err)?;
        return Ok(Edited::NotFound);
    };
    let current = case_from_row(&row)?;
    let stamp = clock::next(last);
    // The edit is synchronous and cheap: it runs right here, between the read and the write.
    // A panic in it fails this edit alone; the transaction is rolled back.
    let decided = catch_unwind(AssertUnwindSafe(|| edit(&current, stamp)));
    let update = match decided {
        Err(_) => {
            tx.rollback().await.map_err(db_err)?;
            return Err(StoreError::Panicked("an edit"));
        }
        Ok(Err(EditRefused)) => {
            tx.rollback().await.map_err(db_err)?;
            return Ok(Edited::Refused);
        }
        Ok(Ok(None)) => {
            tx.rollback().await.map_err(db_err)?;
            return Ok(Edited::Done {
                case: current,
                audit: None,
            });
        }
        Ok(Ok(Some(update))) => update,
    };
    let m = &update.meta;
    let write = tx
        .prepare_cached(
            "UPDATE cases SET status = $2, archived = $3, letzte_aenderung = $4, \
                 letztes_ereignis = $5, externe_vorgangs_nummer = $6, kunden_betreuer = $7, \
                 vorgangs_bearbeiter = $8, document = $9 \
             WHERE vorgangs_nummer = $1",
        )
        .await
        .map_err(db_err)?;
    tx.execute(
        &write,
        &[
            &nr,
            &m.status,
            &m.is_archived(),
            &stamp.0,
            &m.letztes_ereignis,
            &m.externe_vorgangs_nummer,
            &m.kunden_betreuer,
            &m.vorgangs_bearbeiter,
            &update.document.as_ref(),
        ],
    )
    .await
    .map_err(db_err)?;
    events::append_events(&tx, nr, stamp.0, &update.events).await?;
    if let Some(document) = &update.kundenangaben {
        kundenangaben::put(&tx, nr, document).await?;
    }
    let mut record = update.audit;
    record.zeit = stamp;
    record.vorgangs_nummer = nr.to_owned();
    audit::append(&tx, &record).await?;
    clock::set_clock(&tx, stamp.0).await?;
    tx.commit().await.map_err(db_err)?;
    let mut meta = update.meta;
    meta.letzte_aenderung = stamp;
    meta.vorgangs_nummer = nr.to_owned();
    Ok(Edited::Done {
        case: StoredCase {
            meta,
            document: update.document,
        },
        audit: Some(Box::new(record)),
    })
}
