//! Whole cases out and back in, for moving a database (`vorgaenge export` / `import`).

use std::collections::HashMap;

use bytes::Bytes;
use rusqlite::{Connection, Row, Transaction, params};
use vorgaenge_store::sql::{AUDIT_COLUMNS, META_COLUMNS};
use vorgaenge_store::{
    CaseDump, StoreError, StoredAngebot, StoredCase, StoredEvent, StoredVorschlag, Timestamp,
};

use crate::cases::meta_from_row;
use crate::pool::db_err;
use crate::{audit, clock, events, kundenangaben, writes};

/// Up to `limit` cases after `after` in number order, each with its sub-resources and events.
/// The sub-resources of a page come in one range query each, not one per case.
pub(crate) fn dump_cases(
    conn: &mut Connection,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<CaseDump>, StoreError> {
    // One read transaction: the page and its sub-resources are one consistent snapshot.
    let tx = conn.transaction().map_err(db_err)?;
    let cases: Vec<StoredCase> = {
        let mut stmt = tx
            .prepare_cached(&format!(
                "SELECT {META_COLUMNS}, document FROM cases WHERE vorgangs_nummer > ?1 \
                 ORDER BY vorgangs_nummer LIMIT ?2"
            ))
            .map_err(db_err)?;
        let rows = stmt
            .query_map(params![after.unwrap_or(""), limit], |row| {
                Ok(StoredCase {
                    meta: meta_from_row(row)?,
                    document: Bytes::from(row.get::<_, Vec<u8>>(8)?),
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)?
    };
    let (Some(first), Some(last)) = (cases.first(), cases.last()) else {
        return Ok(Vec::new());
    };
    let range = [
        first.meta.vorgangs_nummer.as_str(),
        last.meta.vorgangs_nummer.as_str(),
    ];

    let mut vorschlaege = by_case(
        &tx,
        "SELECT vorgangs_nummer, id, document FROM finanzierungsvorschlaege \
         WHERE vorgangs_nummer BETWEEN ?1 AND ?2 ORDER BY vorgangs_nummer, id",
        range,
        |row| {
            Ok(StoredVorschlag {
                id: row.get(1)?,
                document: Bytes::from(row.get::<_, Vec<u8>>(2)?),
            })
        },
    )?;
    let mut angebote = by_case(
        &tx,
        "SELECT vorgangs_nummer, nummer_am_vorgang, angebot, zahlungsplaene \
         FROM gemerkte_angebote WHERE vorgangs_nummer BETWEEN ?1 AND ?2 \
         ORDER BY vorgangs_nummer, nummer_am_vorgang",
        range,
        |row| {
            Ok(StoredAngebot {
                nummer_am_vorgang: row.get(1)?,
                angebot: Bytes::from(row.get::<_, Vec<u8>>(2)?),
                zahlungsplaene: Bytes::from(row.get::<_, Vec<u8>>(3)?),
            })
        },
    )?;
    let mut events = by_case(
        &tx,
        "SELECT vorgangs_nummer, antrags_nummer, zeitpunkt, document FROM ereignisse \
         WHERE vorgangs_nummer BETWEEN ?1 AND ?2 ORDER BY vorgangs_nummer, id",
        range,
        |row| {
            Ok(StoredEvent {
                antrags_nummer: row.get(1)?,
                zeitpunkt: Timestamp(row.get(2)?),
                document: Bytes::from(row.get::<_, Vec<u8>>(3)?),
            })
        },
    )?;
    let mut audit = by_case(
        &tx,
        &format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE vorgangs_nummer BETWEEN ?1 AND ?2 \
             ORDER BY vorgangs_nummer, id"
        ),
        range,
        audit::record_from_row,
    )?;
    // At most one per case: the number is the table's key.
    let mut kundenangaben = by_case(
        &tx,
        "SELECT vorgangs_nummer, document FROM kundenangaben \
         WHERE vorgangs_nummer BETWEEN ?1 AND ?2",
        range,
        |row| Ok(Bytes::from(row.get::<_, Vec<u8>>(1)?)),
    )?;

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
fn by_case<T>(
    tx: &Transaction<'_>,
    sql: &str,
    range: [&str; 2],
    item: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<String, Vec<T>>, StoreError> {
    let mut stmt = tx.prepare_cached(sql).map_err(db_err)?;
    let mut rows = stmt.query(range).map_err(db_err)?;
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        grouped
            .entry(row.get(0).map_err(db_err)?)
            .or_default()
            .push(item(row).map_err(db_err)?);
    }
    Ok(grouped)
}

/// Writes dumped cases as they were, in one immediate transaction.
pub(crate) fn restore_cases(conn: &mut Connection, cases: &[CaseDump]) -> Result<(), StoreError> {
    let (tx, mut last) = clock::begin(conn)?;
    for dump in cases {
        let meta = &dump.case.meta;
        let nr = meta.vorgangs_nummer.as_str();
        let stamp = meta.letzte_aenderung.0;
        last = last.max(stamp);
        writes::write_row(&tx, meta, &dump.case.document, stamp)?;
        writes::replace_vorschlaege(&tx, nr, &dump.finanzierungsvorschlaege)?;
        writes::replace_angebote(&tx, nr, &dump.gemerkte_angebote)?;
        tx.prepare_cached("DELETE FROM ereignisse WHERE vorgangs_nummer = ?1")
            .map_err(db_err)?
            .execute([nr])
            .map_err(db_err)?;
        events::insert_events(
            &tx,
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
        )?;
        match &dump.kundenangaben {
            Some(document) => kundenangaben::put(&tx, nr, document)?,
            None => kundenangaben::delete(&tx, nr)?,
        }
        tx.prepare_cached("DELETE FROM audit WHERE vorgangs_nummer = ?1")
            .map_err(db_err)?
            .execute([nr])
            .map_err(db_err)?;
        for record in &dump.audit {
            audit::append(&tx, record)?;
        }
    }
    clock::commit(tx, last)
}
