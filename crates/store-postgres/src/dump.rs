//! Whole cases out and back in, for moving a database (`vorgaenge export` / `import`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use deadpool_postgres::{Object, Transaction};
use tokio_postgres::Row;
use vorgaenge_store::sql::{AUDIT_COLUMNS, META_COLUMNS};
use vorgaenge_store::{
    CaseDump, StoreError, StoredAngebot, StoredCase, StoredEvent, StoredVorschlag, Timestamp,
};

use crate::cases::case_from_row;
use crate::{audit, bytes, clock, db_err, events, kundenangaben, writes};

static PAGE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {META_COLUMNS}, document FROM cases WHERE vorgangs_nummer > $1 \
         ORDER BY vorgangs_nummer LIMIT $2"
    )
});

/// Up to `limit` cases after `after` in number order, each with its sub-resources and events,
/// read in one snapshot.
pub(crate) async fn dump_cases(
    conn: &mut Object,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<CaseDump>, StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    let read = read_page(&tx, after, limit).await;
    // Ended, not dropped: a dropped transaction's rollback is only queued.
    match read {
        Ok(page) => {
            tx.commit().await.map_err(db_err)?;
            Ok(page)
        }
        Err(e) => {
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

/// The page and what hangs off its cases: the sub-resources come in one range query each
/// for the whole page, not one per case.
async fn read_page(
    tx: &Transaction<'_>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<CaseDump>, StoreError> {
    tx.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(db_err)?;
    let page = tx.prepare_cached(&PAGE_SQL).await.map_err(db_err)?;
    let cases: Vec<StoredCase> = tx
        .query(&page, &[&after.unwrap_or(""), &i64::from(limit)])
        .await
        .map_err(db_err)?
        .iter()
        .map(case_from_row)
        .collect::<Result<_, _>>()?;
    let (Some(first), Some(last)) = (cases.first(), cases.last()) else {
        return Ok(Vec::new());
    };
    let range = [&first.meta.vorgangs_nummer, &last.meta.vorgangs_nummer];

    let mut vorschlaege = by_case(
        tx,
        "SELECT vorgangs_nummer, id, document FROM finanzierungsvorschlaege \
         WHERE vorgangs_nummer BETWEEN $1 AND $2 ORDER BY vorgangs_nummer, id",
        range,
        |row| {
            Ok(StoredVorschlag {
                id: row.try_get(1).map_err(db_err)?,
                document: bytes(row, 2)?,
            })
        },
    )
    .await?;
    let mut angebote = by_case(
        tx,
        "SELECT vorgangs_nummer, nummer_am_vorgang, angebot, zahlungsplaene \
         FROM gemerkte_angebote WHERE vorgangs_nummer BETWEEN $1 AND $2 \
         ORDER BY vorgangs_nummer, nummer_am_vorgang",
        range,
        |row| {
            Ok(StoredAngebot {
                nummer_am_vorgang: row.try_get(1).map_err(db_err)?,
                angebot: bytes(row, 2)?,
                zahlungsplaene: bytes(row, 3)?,
            })
        },
    )
    .await?;
    let mut events = by_case(
        tx,
        "SELECT vorgangs_nummer, antrags_nummer, zeitpunkt, document FROM ereignisse \
         WHERE vorgangs_nummer BETWEEN $1 AND $2 ORDER BY vorgangs_nummer, id",
        range,
        |row| {
            Ok(StoredEvent {
                antrags_nummer: row.try_get(1).map_err(db_err)?,
                zeitpunkt: Timestamp(row.try_get(2).map_err(db_err)?),
                document: bytes(row, 3)?,
            })
        },
    )
    .await?;
    let mut audit = by_case(
        tx,
        &format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE vorgangs_nummer BETWEEN $1 AND $2 \
             ORDER BY vorgangs_nummer, id"
        ),
        range,
        audit::record_from_row,
    )
    .await?;
    // At most one per case: the number is the table's key.
    let mut kundenangaben = by_case(
        tx,
        "SELECT vorgangs_nummer, document FROM kundenangaben \
         WHERE vorgangs_nummer BETWEEN $1 AND $2",
        range,
        |row| bytes(row, 1),
    )
    .await?;

    Ok(cases
        .into_iter()
        .map(|case| {
            let nr = &case.meta.vorgangs_nummer;
            CaseDump {
                finanzierungsvorschlaege: vorschlaege.remove(nr).unwrap_or_default(),
                gemerkte_angebote: angebote.remove(nr).unwrap_or_default(),
                events: events.remove(nr).unwrap_or_default(),
                kundenangaben: kundenangaben.remove(nr).and_then(|mut one| one.pop()),
                audit: audit.remove(nr).unwrap_or_default(),
                case,
            }
        })
        .collect())
}

/// The rows of `sql` for the number range `range`, grouped by their first column (the
/// case's number), each made into an item by `item`, in the query's order.
async fn by_case<T>(
    tx: &Transaction<'_>,
    sql: &str,
    range: [&String; 2],
    item: impl Fn(&Row) -> Result<T, StoreError>,
) -> Result<HashMap<String, Vec<T>>, StoreError> {
    let stmt = tx.prepare_cached(sql).await.map_err(db_err)?;
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    for row in tx
        .query(&stmt, &[range[0], range[1]])
        .await
        .map_err(db_err)?
    {
        grouped
            .entry(row.try_get(0).map_err(db_err)?)
            .or_default()
            .push(item(&row)?);
    }
    Ok(grouped)
}

/// Writes dumped cases as they were, in one transaction holding the change clock.
pub(crate) async fn restore_cases(conn: &mut Object, cases: &[CaseDump]) -> Result<(), StoreError> {
    let (tx, last) = clock::begin(conn).await?;
    let written = restore_all(&tx, cases).await;
    let newest = cases.iter().map(|d| d.case.meta.letzte_aenderung.0).max();
    match written {
        Ok(()) => {
            clock::set_clock(&tx, newest.map_or(last, |n| n.max(last))).await?;
            tx.commit().await.map_err(db_err)
        }
        // Ended, not dropped: a dropped transaction's rollback is only queued.
        Err(e) => {
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

/// The cases of a batch are separate rows, so their statements go out pipelined on the one
/// connection, each case's own in order: one after the other, the import waits a round trip
/// per statement. The first case goes alone, so that the statements are prepared once; a
/// number twice in one batch would interleave with itself, so such a batch goes one by one.
async fn restore_all(tx: &Transaction<'_>, cases: &[CaseDump]) -> Result<(), StoreError> {
    let Some((first, rest)) = cases.split_first() else {
        return Ok(());
    };
    restore_one(tx, first).await?;
    let numbers: HashSet<&str> = cases
        .iter()
        .map(|d| d.case.meta.vorgangs_nummer.as_str())
        .collect();
    if numbers.len() == cases.len() {
        futures::future::try_join_all(rest.iter().map(|dump| restore_one(tx, dump))).await?;
    } else {
        for dump in rest {
            restore_one(tx, dump).await?;
        }
    }
    Ok(())
}

/// One case back as dumped: its row, sub-resources, events, Kundenangaben and audit records.
async fn restore_one(tx: &Transaction<'_>, dump: &CaseDump) -> Result<(), StoreError> {
    let meta = &dump.case.meta;
    let nr = meta.vorgangs_nummer.as_str();
    writes::write_row(tx, meta, &dump.case.document, meta.letzte_aenderung.0).await?;
    writes::replace_vorschlaege(tx, nr, &dump.finanzierungsvorschlaege).await?;
    writes::replace_angebote(tx, nr, &dump.gemerkte_angebote).await?;
    let delete_events = tx
        .prepare_cached("DELETE FROM ereignisse WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    tx.execute(&delete_events, &[&nr]).await.map_err(db_err)?;
    events::insert_events(
        tx,
        nr,
        &dump
            .events
            .iter()
            .map(|e| {
                (
                    e.antrags_nummer.as_deref(),
                    e.zeitpunkt.0,
                    e.document.as_ref(),
                )
            })
            .collect::<Vec<_>>(),
    )
    .await?;
    match &dump.kundenangaben {
        Some(document) => kundenangaben::put(tx, nr, document).await?,
        None => kundenangaben::delete(tx, nr).await?,
    }
    let delete_audit = tx
        .prepare_cached("DELETE FROM audit WHERE vorgangs_nummer = $1")
        .await
        .map_err(db_err)?;
    tx.execute(&delete_audit, &[&nr]).await.map_err(db_err)?;
    for record in &dump.audit {
        audit::append(tx, record).await?;
    }
    Ok(())
}
