//! The directory: partners, Übernahmerecht grants, API clients, signing keys, and the
//! version the schema's triggers bump on every change to them.

use deadpool_postgres::Object;
use tokio_postgres::{GenericClient, Row};
use vorgaenge_store::{
    ClientRecord, GrantRecord, PartnerRecord, SigningKeyRecord, StoreError, Timestamp,
};

use crate::cases::bytes;
use crate::db_err;
use crate::readers::ReadConnection;

// ---- partners and grants ----

const PARTNER_COLUMNS: &str =
    "id, typ, parent, gesperrt, echtgeschaeft, kreditsachbearbeiter, profile";

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

// ---- clients ----

const CLIENT_COLUMNS: &str = "client_id, partner_id, scopes, secret_hash, disabled, created_at";

fn client_from_row(row: &Row) -> Result<ClientRecord, StoreError> {
    let scopes: &str = row.try_get(2).map_err(db_err)?;
    Ok(ClientRecord {
        client_id: row.try_get(0).map_err(db_err)?,
        partner_id: row.try_get(1).map_err(db_err)?,
        scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        secret_hash: bytes(row, 3)?,
        disabled: row.try_get(4).map_err(db_err)?,
        created_at: Timestamp(row.try_get(5).map_err(db_err)?),
    })
}

/// Scopes are kept space-separated, so a scope that is empty or holds whitespace would not
/// come back as it went in; refuse rather than store a client that reads back different.
fn joined_scopes(client: &ClientRecord) -> Result<String, StoreError> {
    if let Some(bad) = client
        .scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return Err(StoreError::Corrupt(format!(
            "client {}: scope {bad:?} is not a scope token",
            client.client_id
        )));
    }
    Ok(client.scopes.join(" "))
}

pub(crate) async fn put_client(conn: &Object, client: &ClientRecord) -> Result<(), StoreError> {
    let scopes = joined_scopes(client)?;
    conn.execute(
        &format!(
            "INSERT INTO clients ({CLIENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (client_id) DO UPDATE SET partner_id = excluded.partner_id, \
                 scopes = excluded.scopes, secret_hash = excluded.secret_hash, \
                 disabled = excluded.disabled, created_at = excluded.created_at"
        ),
        &[
            &client.client_id,
            &client.partner_id,
            &scopes,
            &client.secret_hash.as_ref(),
            &client.disabled,
            &client.created_at.0,
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn client(conn: &Object, id: &str) -> Result<Option<ClientRecord>, StoreError> {
    let stmt = conn
        .prepare_cached(&format!(
            "SELECT {CLIENT_COLUMNS} FROM clients WHERE client_id = $1"
        ))
        .await
        .map_err(db_err)?;
    conn.query_opt(&stmt, &[&id])
        .await
        .map_err(db_err)?
        .as_ref()
        .map(client_from_row)
        .transpose()
}

pub(crate) async fn clients(conn: &Object) -> Result<Vec<ClientRecord>, StoreError> {
    conn.query(
        &format!("SELECT {CLIENT_COLUMNS} FROM clients ORDER BY client_id"),
        &[],
    )
    .await
    .map_err(db_err)?
    .iter()
    .map(client_from_row)
    .collect()
}

// ---- signing keys ----

const KEY_COLUMNS: &str = "kid, algorithm, private_key, public_key, created_at, retired_at";

fn key_from_row(row: &Row) -> Result<SigningKeyRecord, StoreError> {
    Ok(SigningKeyRecord {
        kid: row.try_get(0).map_err(db_err)?,
        algorithm: row.try_get(1).map_err(db_err)?,
        private_key: bytes(row, 2)?,
        public_key: bytes(row, 3)?,
        created_at: Timestamp(row.try_get(4).map_err(db_err)?),
        retired_at: row
            .try_get::<_, Option<i64>>(5)
            .map_err(db_err)?
            .map(Timestamp),
    })
}

/// Every key, newest first; `kid` breaks ties so the order is total.
pub(crate) async fn signing_keys(
    conn: &impl GenericClient,
) -> Result<Vec<SigningKeyRecord>, StoreError> {
    conn.query(
        &format!("SELECT {KEY_COLUMNS} FROM signing_keys ORDER BY created_at DESC, kid DESC"),
        &[],
    )
    .await
    .map_err(db_err)?
    .iter()
    .map(key_from_row)
    .collect()
}

async fn insert_key(conn: &impl GenericClient, key: &SigningKeyRecord) -> Result<(), StoreError> {
    conn.execute(
        &format!("INSERT INTO signing_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"),
        &[
            &key.kid,
            &key.algorithm,
            &key.private_key.as_ref(),
            &key.public_key.as_ref(),
            &key.created_at.0,
            &key.retired_at.map(|t| t.0),
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Key changes lock the table against each other (the mode conflicts with itself, not with
/// readers): instances starting at once queue up, and the first one's key is what every
/// later one finds.
const LOCK_KEYS: &str = "LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE";

pub(crate) async fn ensure_signing_key(
    conn: &mut Object,
    key: &SigningKeyRecord,
) -> Result<Vec<SigningKeyRecord>, StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    tx.batch_execute(LOCK_KEYS).await.map_err(db_err)?;
    let in_use: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)",
            &[],
        )
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    if !in_use {
        insert_key(&*tx, key).await?;
    }
    let keys = signing_keys(&*tx).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(keys)
}

pub(crate) async fn rotate_signing_key(
    conn: &mut Object,
    key: &SigningKeyRecord,
) -> Result<(), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    tx.batch_execute(LOCK_KEYS).await.map_err(db_err)?;
    tx.execute(
        "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL",
        &[&key.created_at.0],
    )
    .await
    .map_err(db_err)?;
    insert_key(&*tx, key).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn prune_signing_keys(
    conn: &Object,
    before: Timestamp,
) -> Result<u64, StoreError> {
    // The key in use (retired_at NULL) never matches: NULL < x is not true.
    conn.execute(
        "DELETE FROM signing_keys WHERE retired_at < $1",
        &[&before.0],
    )
    .await
    .map_err(db_err)
}

// ---- directory version ----

pub(crate) async fn directory_version(conn: &impl ReadConnection) -> Result<i64, StoreError> {
    let stmt = conn
        .statement("SELECT version FROM directory_version WHERE id = 1")
        .await?;
    conn.client()
        .query_one(&stmt, &[])
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)
}
