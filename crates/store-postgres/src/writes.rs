//! Writing cases: upserts and edits, each one transaction stamped by the change clock.
//!
//! Every write transaction first locks the clock row (`FOR UPDATE`) and holds it until
//! commit. That serialises case writers across connections and instances, like SQLite's
//! single writer: stamps strictly increase, and a change stamped `t` commits before any
//! change stamped after `t`, so a client following the change feed never misses one.

use std::panic::{AssertUnwindSafe, catch_unwind};

use deadpool_postgres::{Object, Transaction};
use vorgaenge_store::{
    CaseEdit, CaseMeta, EditRefused, Edited, NewCase, NewEvent, StoreError, StoredAngebot,
    StoredCase, StoredVorschlag, Timestamp,
};

use crate::cases::{case_from_row, meta_columns};
use crate::{audit, db_err, kundenangaben};

const LOCK_CLOCK: &str = "SELECT last FROM change_clock WHERE id = 1 FOR UPDATE";
const SET_CLOCK: &str = "UPDATE change_clock SET last = $1 WHERE id = 1";

/// Starts a write transaction holding the clock; returns it with the newest stamp handed out.
pub(crate) async fn begin(conn: &mut Object) -> Result<(Transaction<'_>, i64), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    let lock = tx.prepare_cached(LOCK_CLOCK).await.map_err(db_err)?;
    let last: i64 = tx
        .query_one(&lock, &[])
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    Ok((tx, last))
}

pub(crate) async fn set_clock(tx: &Transaction<'_>, last: i64) -> Result<(), StoreError> {
    let stmt = tx.prepare_cached(SET_CLOCK).await.map_err(db_err)?;
    tx.execute(&stmt, &[&last]).await.map_err(db_err)?;
    Ok(())
}

pub(crate) async fn upsert_cases(
    conn: &mut Object,
    cases: &[NewCase],
) -> Result<Vec<Timestamp>, StoreError> {
    let (tx, mut last) = begin(conn).await?;
    let mut stamps = Vec::with_capacity(cases.len());
    for case in cases {
        let stamp = match case.letzte_aenderung {
            Some(given) => given.0,
            None => Timestamp::now().0.max(last + 1),
        };
        last = last.max(stamp);
        write_case(&tx, case, stamp).await?;
        stamps.push(Timestamp(stamp));
    }
    set_clock(&tx, last).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stamps)
}

async fn write_case(tx: &Transaction<'_>, case: &NewCase, stamp: i64) -> Result<(), StoreError> {
    write_row(tx, &case.meta, &case.document, stamp).await?;
    // Given sub-resources replace the case's ones as a whole.
    if let Some(vorschlaege) = &case.finanzierungsvorschlaege {
        replace_vorschlaege(tx, &case.meta.vorgangs_nummer, vorschlaege).await?;
    }
    if let Some(angebote) = &case.gemerkte_angebote {
        replace_angebote(tx, &case.meta.vorgangs_nummer, angebote).await?;
    }
    Ok(())
}

/// Inserts or replaces the case's row, stamped `stamp`.
pub(crate) async fn write_row(
    tx: &Transaction<'_>,
    m: &CaseMeta,
    document: &[u8],
    stamp: i64,
) -> Result<(), StoreError> {
    let upsert = tx
        .prepare_cached(
            "INSERT INTO cases (vorgangs_nummer, daten_kontext, status, archived, \
                 letzte_aenderung, letztes_ereignis, externe_vorgangs_nummer, kunden_betreuer, \
                 vorgangs_bearbeiter, document) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (vorgangs_nummer) DO UPDATE SET daten_kontext = excluded.daten_kontext, \
                 status = excluded.status, archived = excluded.archived, \
                 letzte_aenderung = excluded.letzte_aenderung, \
                 letztes_ereignis = excluded.letztes_ereignis, \
                 externe_vorgangs_nummer = excluded.externe_vorgangs_nummer, \
                 kunden_betreuer = excluded.kunden_betreuer, \
                 vorgangs_bearbeiter = excluded.vorgangs_bearbeiter, document = excluded.document",
        )
        .await
        .map_err(db_err)?;
    tx.execute(
        &upsert,
        &[
            &m.vorgangs_nummer,
            &m.daten_kontext.as_str(),
            &m.status,
            &m.is_archived(),
            &stamp,
            &m.letztes_ereignis,
            &m.externe_vorgangs_nummer,
            &m.kunden_betreuer,
            &m.vorgangs_bearbeiter,
            &document,
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn replace_vorschlaege(
    tx: &Transaction<'_>,
    nr: &str,
    vorschlaege: &[StoredVorschlag],
) -> Result<(), StoreError> {
    let delete = tx
        .prepare_cached("DELETE FROM finanzierungsvorschlaege WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    tx.execute(&delete, &[&nr]).await.map_err(db_err)?;
    let insert = tx
        .prepare_cached(
            "INSERT INTO finanzierungsvorschlaege (vorgangs_nummer, id, document) \
             VALUES ($1, $2, $3)",
        )
        .await
        .map_err(db_err)?;
    for v in vorschlaege {
        tx.execute(&insert, &[&nr, &v.id, &v.document.as_ref()])
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

pub(crate) async fn replace_angebote(
    tx: &Transaction<'_>,
    nr: &str,
    angebote: &[StoredAngebot],
) -> Result<(), StoreError> {
    let delete = tx
        .prepare_cached("DELETE FROM gemerkte_angebote WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    tx.execute(&delete, &[&nr]).await.map_err(db_err)?;
    let insert = tx
        .prepare_cached(
            "INSERT INTO gemerkte_angebote \
                 (vorgangs_nummer, nummer_am_vorgang, angebot, zahlungsplaene) \
             VALUES ($1, $2, $3, $4)",
        )
        .await
        .map_err(db_err)?;
    for a in angebote {
        tx.execute(
            &insert,
            &[
                &nr,
                &a.nummer_am_vorgang,
                &a.angebot.as_ref(),
                &a.zahlungsplaene.as_ref(),
            ],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

const CASE_FOR_UPDATE: &str = concat!(
    "SELECT ",
    meta_columns!(),
    ", document FROM cases WHERE vorgangs_nummer = $1 FOR UPDATE"
);

/// Applies `edit` to the case as committed, inside a write transaction holding the clock and
/// the case row. A missing case, a refused or empty edit and a panicking edit roll back.
pub(crate) async fn edit_case(
    conn: &mut Object,
    nr: &str,
    edit: CaseEdit,
) -> Result<Edited, StoreError> {
    let (tx, last) = begin(conn).await?;
    let select = tx.prepare_cached(CASE_FOR_UPDATE).await.map_err(db_err)?;
    let Some(row) = tx.query_opt(&select, &[&nr]).await.map_err(db_err)? else {
        tx.rollback().await.map_err(db_err)?;
        return Ok(Edited::NotFound);
    };
    let current = case_from_row(&row)?;
    let stamp = Timestamp(Timestamp::now().0.max(last + 1));
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
    append_events(&tx, nr, stamp.0, &update.events).await?;
    if let Some(document) = &update.kundenangaben {
        kundenangaben::put(&tx, nr, document).await?;
    }
    let mut record = update.audit;
    record.zeit = stamp;
    record.vorgangs_nummer = nr.to_owned();
    audit::append(&tx, &record).await?;
    set_clock(&tx, stamp.0).await?;
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

/// Appends the events of a change to case `nr`, all stamped `stamp`.
pub(crate) async fn append_events(
    tx: &Transaction<'_>,
    nr: &str,
    stamp: i64,
    events: &[NewEvent],
) -> Result<(), StoreError> {
    insert_events(
        tx,
        nr,
        &events
            .iter()
            .map(|e| (e.antrags_nummer.as_deref(), stamp, e.document.as_ref()))
            .collect::<Vec<_>>(),
    )
    .await
}

/// Appends events to case `nr` in the order given, each as (Antrag, time in micros, JSON).
pub(crate) async fn insert_events(
    tx: &Transaction<'_>,
    nr: &str,
    events: &[(Option<&str>, i64, &[u8])],
) -> Result<(), StoreError> {
    let insert = tx
        .prepare_cached(
            "INSERT INTO ereignisse (vorgangs_nummer, antrags_nummer, zeitpunkt, document) \
             VALUES ($1, $2, $3, $4)",
        )
        .await
        .map_err(db_err)?;
    for (antrags_nummer, zeitpunkt, document) in events {
        tx.execute(&insert, &[&nr, &antrags_nummer, &zeitpunkt, &document])
            .await
            .map_err(db_err)?;
    }
    Ok(())
}
