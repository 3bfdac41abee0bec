//! Writing cases: upserts, one immediate transaction per batch stamped by the change clock,
//! and the writes of a case's row and sub-resources that creation and restore share.

use rusqlite::{Connection, Transaction, params};
use vorgaenge_store::{CaseMeta, NewCase, StoreError, StoredAngebot, StoredVorschlag, Timestamp};

use crate::clock;
use crate::pool::db_err;

pub(crate) fn upsert_cases(
    conn: &mut Connection,
    cases: &[NewCase],
) -> Result<Vec<Timestamp>, StoreError> {
    let (tx, mut last) = clock::begin(conn)?;
    let mut stamps = Vec::with_capacity(cases.len());
    for case in cases {
        let stamp = match case.letzte_aenderung {
            Some(given) => given.0,
            None => clock::next(last).0,
        };
        last = last.max(stamp);
        write_case(&tx, case, stamp)?;
        stamps.push(Timestamp(stamp));
    }
    clock::commit(tx, last)?;
    Ok(stamps)
}

fn write_case(tx: &Transaction<'_>, case: &NewCase, stamp: i64) -> Result<(), StoreError> {
    write_row(tx, &case.meta, &case.document, stamp)?;
    // Given sub-resources replace the case's ones as a whole.
    if let Some(vorschlaege) = &case.finanzierungsvorschlaege {
        replace_vorschlaege(tx, &case.meta.vorgangs_nummer, vorschlaege)?;
    }
    if let Some(angebote) = &case.gemerkte_angebote {
        replace_angebote(tx, &case.meta.vorgangs_nummer, angebote)?;
    }
    Ok(())
}

/// Inserts or replaces the case's row, stamped `stamp`.
pub(crate) fn write_row(
    tx: &Transaction<'_>,
    m: &CaseMeta,
    document: &[u8],
    stamp: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO cases (vorgangs_nummer, daten_kontext, status, archived, letzte_aenderung, \
             letztes_ereignis, externe_vorgangs_nummer, kunden_betreuer, vorgangs_bearbeiter, document) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (vorgangs_nummer) DO UPDATE SET daten_kontext = excluded.daten_kontext, \
             status = excluded.status, archived = excluded.archived, \
             letzte_aenderung = excluded.letzte_aenderung, letztes_ereignis = excluded.letztes_ereignis, \
             externe_vorgangs_nummer = excluded.externe_vorgangs_nummer, \
             kunden_betreuer = excluded.kunden_betreuer, \
             vorgangs_bearbeiter = excluded.vorgangs_bearbeiter, document = excluded.document",
    )
    .map_err(db_err)?
    .execute(params![
        m.vorgangs_nummer,
        m.daten_kontext.as_str(),
        m.status,
        m.is_archived(),
        stamp,
        m.letztes_ereignis,
        m.externe_vorgangs_nummer,
        m.kunden_betreuer,
        m.vorgangs_bearbeiter,
        document,
    ])
    .map_err(db_err)?;
    Ok(())
}

pub(crate) fn replace_vorschlaege(
    tx: &Transaction<'_>,
    nr: &str,
    vorschlaege: &[StoredVorschlag],
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM finanzierungsvorschlaege WHERE vorgangs_nummer = ?1")
        .map_err(db_err)?
        .execute([nr])
        .map_err(db_err)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO finanzierungsvorschlaege (vorgangs_nummer, id, document) VALUES (?1, ?2, ?3)",
        )
        .map_err(db_err)?;
    for v in vorschlaege {
        insert
            .execute(params![nr, v.id, v.document.as_ref()])
            .map_err(db_err)?;
    }
    Ok(())
}

pub(crate) fn replace_angebote(
    tx: &Transaction<'_>,
    nr: &str,
    angebote: &[StoredAngebot],
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM gemerkte_angebote WHERE vorgangs_nummer = ?1")
        .map_err(db_err)?
        .execute([nr])
        .map_err(db_err)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO gemerkte_angebote (vorgangs_nummer, nummer_am_vorgang, angebot, zahlungsplaene) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    for a in angebote {
        insert
            .execute(params![
                nr,
                a.nummer_am_vorgang,
                a.angebot.as_ref(),
                a.zahlungsplaene.as_ref()
            ])
            .map_err(db_err)?;
    }
    Ok(())
}
