//! The partner tree and Übernahmerecht grants.

use deadpool_postgres::Object;
use tokio_postgres::Row;
use vorgaenge_store::sql::PARTNER_COLUMNS;
use vorgaenge_store::{GrantRecord, PartnerRecord, StoreError};

use crate::{bytes, db_err};

fn partner_from_row(row: &Row) -> Result<PartnerRecord, StoreError> {
    Ok(PartnerRecord {
        id: row.try_get(0).map_err(db_err)?,
        typ: row.try_get(1).map_err(db_err)?,
        parent: row.try_get(2).map_err(db_err)?,
        gesperrt: row.try_get(3).map_err(db_err)?,
        echtgeschaeft: row.try_get(4).map_err(db_err)?,
        kreditsachbearbeiter: row.try_get(5).map_err(db_err)?,
        profile: bytes(row, 6)?,
    })
}

pub(crate) async fn put_partners(
    conn: &mut Object,
    partners: &[PartnerRecord],
    grants: &[GrantRecord],
) -> Result<(), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    let upsert = tx
        .prepare_cached(&format!(
            "INSERT INTO partners ({PARTNER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (id) DO UPDATE SET typ = excluded.typ, parent = excluded.parent, \
                 gesperrt = excluded.gesperrt, echtgeschaeft = excluded.echtgeschaeft, \
                 kreditsachbearbeiter = excluded.kreditsachbearbeiter, profile = excluded.profile"
        ))
        .await
        .map_err(db_err)?;
    for p in partners {
        tx.execute(
            &upsert,
            &[
                &p.id,
                &p.typ,
                &p.parent,
                &p.gesperrt,
                &p.echtgeschaeft,
                &p.kreditsachbearbeiter,
                &p.profile.as_ref(),
            ],
        )
        .await
        .map_err(db_err)?;
    }
    let grant = tx
        .prepare_cached(
            "INSERT INTO grants (holder, target) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(db_err)?;
    for g in grants {
        tx.execute(&grant, &[&g.holder, &g.target])
            .await
            .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn partner(conn: &Object, id: &str) -> Result<Option<PartnerRecord>, StoreError> {
    let stmt = conn
        .prepare_cached(&format!(
            "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1"
        ))
        .await
        .map_err(db_err)?;
    conn.query_opt(&stmt, &[&id])
        .await
        .map_err(db_err)?
        .as_ref()
        .map(partner_from_row)
        .transpose()
}

pub(crate) async fn partners(conn: &Object) -> Result<Vec<PartnerRecord>, StoreError> {
    conn.query(
        &format!("SELECT {PARTNER_COLUMNS} FROM partners ORDER BY id"),
        &[],
    )
    .await
    .map_err(db_err)?
    .iter()
    .map(partner_from_row)
    .collect()
}

pub(crate) async fn grants(conn: &Object) -> Result<Vec<GrantRecord>, StoreError> {
    conn.query(
        "SELECT holder, target FROM grants ORDER BY holder, target",
        &[],
    )
    .await
    .map_err(db_err)?
    .iter()
    .map(|row| {
        Ok(GrantRecord {
            holder: row.try_get(0).map_err(db_err)?,
            target: row.try_get(1).map_err(db_err)?,
        })
    })
    .collect()
}

pub(crate) async fn revoke_grant(conn: &Object, grant: &GrantRecord) -> Result<bool, StoreError> {
    let deleted = conn
        .execute(
            "DELETE FROM grants WHERE holder = $1 AND target = $2",
            &[&grant.holder, &grant.target],
        )
        .await
        .map_err(db_err)?;
    Ok(deleted > 0)
}
