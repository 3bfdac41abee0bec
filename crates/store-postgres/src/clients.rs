//! API clients: who may ask the token endpoint for tokens, on behalf of which partner.

use deadpool_postgres::Object;
use tokio_postgres::Row;
use vorgaenge_store::sql::{self, CLIENT_COLUMNS};
use vorgaenge_store::{ClientRecord, StoreError, Timestamp};

use crate::{bytes, db_err};

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

pub(crate) async fn put_client(conn: &Object, client: &ClientRecord) -> Result<(), StoreError> {
    let scopes = sql::joined_scopes(client)?;
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
