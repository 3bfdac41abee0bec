//! The partner tree and Übernahmerecht grants.

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, Row, params};
use vorgaenge_store::sql::PARTNER_COLUMNS;
use vorgaenge_store::{GrantRecord, PartnerRecord, StoreError};

use crate::pool::db_err;

fn from_row(row: &Row<'_>) -> rusqlite::Result<PartnerRecord> {
    Ok(PartnerRecord {
        id: row.get(0)?,
        typ: row.get(1)?,
        parent: row.get(2)?,
        gesperrt: row.get(3)?,
        echtgeschaeft: row.get(4)?,
        kreditsachbearbeiter: row.get(5)?,
        profile: Bytes::from(row.get::<_, Vec<u8>>(6)?),
    })
}

pub(crate) fn put(
    conn: &mut Connection,
    partners: &[PartnerRecord],
    grants: &[GrantRecord],
) -> Result<(), StoreError> {
    let tx = conn.transaction().map_err(db_err)?;
    {
        let mut upsert = tx
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO partners ({PARTNER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ))
            .map_err(db_err)?;
        for p in partners {
            upsert
                .execute(params![
                    p.id,
                    p.typ,
                    p.parent,
                    p.gesperrt,
                    p.echtgeschaeft,
                    p.kreditsachbearbeiter,
                    p.profile.as_ref()
                ])
                .map_err(db_err)?;
        }
        let mut grant = tx
            .prepare_cached("INSERT OR IGNORE INTO grants (holder, target) VALUES (?1, ?2)")
            .map_err(db_err)?;
        for g in grants {
            grant.execute(params![g.holder, g.target]).map_err(db_err)?;
        }
    }
    tx.commit().map_err(db_err)
}

pub(crate) fn one(conn: &mut Connection, id: &str) -> Result<Option<PartnerRecord>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = ?1"
    ))
    .map_err(db_err)?
    .query_row([id], from_row)
    .optional()
    .map_err(db_err)
}

pub(crate) fn all(conn: &mut Connection) -> Result<Vec<PartnerRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {PARTNER_COLUMNS} FROM partners ORDER BY id"
        ))
        .map_err(db_err)?;
    let rows = stmt.query_map([], from_row).map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}

pub(crate) fn grants(conn: &mut Connection) -> Result<Vec<GrantRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT holder, target FROM grants ORDER BY holder, target")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(GrantRecord {
                holder: r.get(0)?,
                target: r.get(1)?,
            })
        })
        .map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}

pub(crate) fn revoke(conn: &mut Connection, grant: &GrantRecord) -> Result<bool, StoreError> {
    let deleted = conn
        .prepare_cached("DELETE FROM grants WHERE holder = ?1 AND target = ?2")
        .map_err(db_err)?
        .execute(params![grant.holder, grant.target])
        .map_err(db_err)?;
    Ok(deleted > 0)
}
