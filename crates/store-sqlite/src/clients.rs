//! API clients: who may ask the token endpoint for tokens, on behalf of which partner.

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, Row, params};
use vorgaenge_store::sql::{self, CLIENT_COLUMNS};
use vorgaenge_store::{ClientRecord, StoreError, Timestamp};

use crate::pool::db_err;

fn from_row(row: &Row<'_>) -> rusqlite::Result<ClientRecord> {
    let scopes: String = row.get(2)?;
    Ok(ClientRecord {
        client_id: row.get(0)?,
        partner_id: row.get(1)?,
        scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        secret_hash: Bytes::from(row.get::<_, Vec<u8>>(3)?),
        disabled: row.get(4)?,
        created_at: Timestamp(row.get(5)?),
    })
}

pub(crate) fn put(conn: &mut Connection, client: &ClientRecord) -> Result<(), StoreError> {
    let scopes = sql::joined_scopes(client)?;
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO clients ({CLIENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))
    .map_err(db_err)?
    .execute(params![
        client.client_id,
        client.partner_id,
        scopes,
        client.secret_hash.as_ref(),
        client.disabled,
        client.created_at.0,
    ])
    .map_err(db_err)?;
    Ok(())
}

pub(crate) fn one(
    conn: &mut Connection,
    client_id: &str,
) -> Result<Option<ClientRecord>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {CLIENT_COLUMNS} FROM clients WHERE client_id = ?1"
    ))
    .map_err(db_err)?
    .query_row([client_id], from_row)
    .optional()
    .map_err(db_err)
}

pub(crate) fn all(conn: &mut Connection) -> Result<Vec<ClientRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {CLIENT_COLUMNS} FROM clients ORDER BY client_id"
        ))
        .map_err(db_err)?;
    let rows = stmt.query_map([], from_row).map_err(db_err)?;
    rows.collect::<Result<_, _>>().map_err(db_err)
}
