//! Editing one case: read, decide, write and append its events in one immediate
//! transaction, stamped by the change clock.
//!
//! The one writer connection serialises every edit, so two edits of a case never see the
//! same version, and commit order is stamp order: a reader that saw a change stamped `t`
//! has seen every change stamped before `t`.

use bytes::Bytes;
use rusqlite::{Connection, TransactionBehavior, params};
use vorgaenge_store::{CaseEdit, Edited, StoreError, StoredCase, Timestamp};

use crate::cases::case;
use crate::pool::db_err;

pub(crate) fn edit_case(
    conn: &mut Connection,
    nr: &str,
    edit: CaseEdit,
) -> Result<Edited, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err)?;
    let Some(current) = case(&tx, nr)? else {
        return Ok(Edited::NotFound);
    };
    let last: i64 = tx
        .prepare_cached("SELECT last FROM change_clock WHERE id = 1")
        .map_err(db_err)?
        .query_row([], |r| r.get(0))
        .map_err(db_err)?;
    let stamp = Timestamp(Timestamp::now().0.max(last + 1));
    let update = match edit(&current, stamp) {
        Err(refused) => return Ok(Edited::Refused(refused)),
        // Nothing to write: the transaction ends without a change (rolled back on drop).
        Ok(None) => {
            return Ok(Edited::Done {
                case: current,
                changed: false,
            });
        }
        Ok(Some(update)) => update,
    };
    let m = &update.meta;
    tx.prepare_cached(
        "UPDATE cases SET status = ?2, archived = ?3, letzte_aenderung = ?4, \
             letztes_ereignis = ?5, externe_vorgangs_nummer = ?6, kunden_betreuer = ?7, \
             vorgangs_bearbeiter = ?8, document = ?9 \
         WHERE vorgangs_nummer = ?1",
    )
    .map_err(db_err)?
    .execute(params![
        nr,
        m.status,
        m.is_archived(),
        stamp.0,
        m.letztes_ereignis,
        m.externe_vorgangs_nummer,
        m.kunden_betreuer,
        m.vorgangs_bearbeiter,
        update.document.as_ref(),
    ])
    .map_err(db_err)?;
    let mut append = tx
        .prepare_cached(
            "INSERT INTO ereignisse (vorgangs_nummer, antrags_nummer, zeitpunkt, document) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    for event in &update.events {
        append
            .execute(params![
                nr,
                event.antrags_nummer,
                stamp.0,
                event.document.as_ref()
            ])
            .map_err(db_err)?;
    }
    drop(append);
    tx.prepare_cached("UPDATE change_clock SET last = ?1 WHERE id = 1")
        .map_err(db_err)?
        .execute([stamp.0])
        .map_err(db_err)?;
    tx.commit().map_err(db_err)?;
    let mut meta = update.meta;
    meta.letzte_aenderung = stamp;
    meta.vorgangs_nummer = nr.to_owned();
    Ok(Edited::Done {
        case: StoredCase {
            meta,
            document: update.document,
        },
        changed: true,
    })
}

pub(crate) fn events(
    conn: &mut Connection,
    nr: &str,
    antrag: Option<&str>,
) -> Result<Vec<Bytes>, StoreError> {
    let mut stmt = match antrag {
        None => conn.prepare_cached(
            "SELECT document FROM ereignisse WHERE vorgangs_nummer = ?1 ORDER BY id",
        ),
        Some(_) => conn.prepare_cached(
            "SELECT document FROM ereignisse WHERE vorgangs_nummer = ?1 AND antrags_nummer = ?2 \
             ORDER BY id",
        ),
    }
    .map_err(db_err)?;
    let map = |row: &rusqlite::Row<'_>| row.get::<_, Vec<u8>>(0).map(Bytes::from);
    let rows = match antrag {
        None => stmt.query_map([nr], map),
        Some(a) => stmt.query_map([nr, a], map),
    }
    .map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}
