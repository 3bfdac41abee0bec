//! Whole cases out and back in, for moving a database (`vorgaenge export` / `import`).

use std::collections::HashMap;

use bytes::Bytes;
use rusqlite::{Connection, params};
use vorgaenge_store::{
    CaseDump, StoreError, StoredAngebot, StoredCase, StoredEvent, StoredVorschlag, Timestamp,
};

use crate::cases::{META_COLUMNS, meta_from_row};
use crate::pool::db_err;
use crate::{clock, kundenangaben, writes};

/// Up to `limit` cases after `after` in number order, each with its sub-resources and events.
/// The sub-resources of a page come in three range queries, not three per case.
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

    let mut vorschlaege: HashMap<String, Vec<StoredVorschlag>> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached(
                "SELECT vorgangs_nummer, id, document FROM finanzierungsvorschlaege \
                 WHERE vorgangs_nummer BETWEEN ?1 AND ?2 ORDER BY vorgangs_nummer, id",
            )
            .map_err(db_err)?;
        let mut rows = stmt.query(range).map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            vorschlaege
                .entry(row.get(0).map_err(db_err)?)
                .or_default()
                .push(StoredVorschlag {
                    id: row.get(1).map_err(db_err)?,
                    document: Bytes::from(row.get::<_, Vec<u8>>(2).map_err(db_err)?),
                });
        }
    }
    let mut angebote: HashMap<String, Vec<StoredAngebot>> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached(
                "SELECT vorgangs_nummer, nummer_am_vorgang, angebot, zahlungsplaene \
                 FROM gemerkte_angebote WHERE vorgangs_nummer BETWEEN ?1 AND ?2 \
                 ORDER BY vorgangs_nummer, nummer_am_vorgang",
            )
            .map_err(db_err)?;
        let mut rows = stmt.query(range).map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            angebote
                .entry(row.get(0).map_err(db_err)?)
                .or_default()
                .push(StoredAngebot {
                    nummer_am_vorgang: row.get(1).map_err(db_err)?,
                    angebot: Bytes::from(row.get::<_, Vec<u8>>(2).map_err(db_err)?),
                    zahlungsplaene: Bytes::from(row.get::<_, Vec<u8>>(3).map_err(db_err)?),
                });
        }
    }
    let mut events: HashMap<String, Vec<StoredEvent>> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached(
                "SELECT vorgangs_nummer, antrags_nummer, zeitpunkt, document FROM ereignisse \
                 WHERE vorgangs_nummer BETWEEN ?1 AND ?2 ORDER BY vorgangs_nummer, id",
            )
            .map_err(db_err)?;
        let mut rows = stmt.query(range).map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            events
                .entry(row.get(0).map_err(db_err)?)
                .or_default()
                .push(StoredEvent {
                    antrags_nummer: row.get(1).map_err(db_err)?,
                    zeitpunkt: Timestamp(row.get(2).map_err(db_err)?),
                    document: Bytes::from(row.get::<_, Vec<u8>>(3).map_err(db_err)?),
                });
        }
    }

    let mut kundenangaben: HashMap<String, Bytes> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached(
                "SELECT vorgangs_nummer, document FROM kundenangaben \
                 WHERE vorgangs_nummer BETWEEN ?1 AND ?2",
            )
            .map_err(db_err)?;
        let mut rows = stmt.query(range).map_err(db_err)?;
        while let Some(row) = rows.next().map_err(db_err)? {
            kundenangaben.insert(
                row.get(0).map_err(db_err)?,
                Bytes::from(row.get::<_, Vec<u8>>(1).map_err(db_err)?),
            );
        }
    }

    Ok(cases
        .into_iter()
        .map(|case| {
            let nr = &case.meta.vorgangs_nummer;
            CaseDump {
                finanzierungsvorschlaege: vorschlaege.remove(nr).unwrap_or_default(),
                gemerkte_angebote: angebote.remove(nr).unwrap_or_default(),
                events: events.remove(nr).unwrap_or_default(),
                kundenangaben: kundenangaben.remove(nr),
                case,
            }
        })
        .collect())
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
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO ereignisse (vorgangs_nummer, antrags_nummer, zeitpunkt, document) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(db_err)?;
        for event in &dump.events {
            insert
                .execute(params![
                    nr,
                    event.antrags_nummer,
                    event.zeitpunkt.0,
                    event.document.as_ref()
                ])
                .map_err(db_err)?;
        }
        match &dump.kundenangaben {
            Some(document) => kundenangaben::put(&tx, nr, document)?,
            None => kundenangaben::delete(&tx, nr)?,
        }
    }
    clock::commit(tx, last)
}
