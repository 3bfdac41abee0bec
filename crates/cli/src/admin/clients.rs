//! `admin client add|list|rotate-secret|disable|enable` and `demo-credentials`.

use serde_json::{Value, json};
use vorgaenge_domain::scopes::ScopeSet;
use vorgaenge_server::auth::secrets::{generate_client_id, generate_secret, hash_secret};
use vorgaenge_store::{ClientRecord, Store, Timestamp};

use super::partners::require_partner;
use super::{AdminError, AdminResult, table};

/// A client's credentials as handed out once, right after they were generated: the secret
/// is not stored and cannot be shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredentials {
    pub client_id: String,
    pub client_secret: String,
    pub partner_id: String,
    pub scopes: Vec<String>,
}

impl IssuedCredentials {
    /// `{"client_id", "client_secret", "partner_id", "scopes"}`, scopes space-separated.
    pub fn to_json(&self) -> Value {
        json!({
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "partner_id": self.partner_id,
            "scopes": self.scopes.join(" "),
        })
    }
}

/// Registers a client acting for `partner_id` with the space-separated `scopes` (each one
/// of the platform's, at least one). Stores only the secret's hash.
pub async fn add_client(
    store: &dyn Store,
    partner_id: &str,
    scopes: &str,
) -> AdminResult<IssuedCredentials> {
    let scopes = parse_scopes(scopes)?;
    require_partner(store, partner_id).await?;
    let client_id = generate_client_id();
    let client_secret = generate_secret();
    store
        .put_client(ClientRecord {
            client_id: client_id.clone(),
            partner_id: partner_id.to_owned(),
            scopes: scopes.clone(),
            secret_hash: hash_secret(&client_secret),
            disabled: false,
            created_at: Timestamp::now(),
        })
        .await?;
    Ok(IssuedCredentials {
        client_id,
        client_secret,
        partner_id: partner_id.to_owned(),
        scopes,
    })
}

/// Every client, ordered by id.
pub async fn list_clients(store: &dyn Store) -> AdminResult<Vec<ClientRecord>> {
    Ok(store.clients().await?)
}

/// The table `admin client list` prints (never a secret or its hash).
pub fn client_table(clients: &[ClientRecord]) -> String {
    let rows: Vec<Vec<String>> = clients
        .iter()
        .map(|c| {
            vec![
                c.client_id.clone(),
                c.partner_id.clone(),
                if c.disabled { "yes" } else { "no" }.to_owned(),
                c.created_at.to_rfc3339(),
                c.scopes.join(" "),
            ]
        })
        .collect();
    table(
        &["client_id", "partner", "disabled", "created", "scopes"],
        &rows,
    )
}

/// Gives a client a new secret; the old one stops working.
pub async fn rotate_secret(store: &dyn Store, client_id: &str) -> AdminResult<IssuedCredentials> {
    let mut client = require_client(store, client_id).await?;
    let client_secret = generate_secret();
    client.secret_hash = hash_secret(&client_secret);
    store.put_client(client.clone()).await?;
    Ok(IssuedCredentials {
        client_id: client.client_id,
        client_secret,
        partner_id: client.partner_id,
        scopes: client.scopes,
    })
}

/// Disables (no more tokens) or enables a client.
pub async fn set_disabled(
    store: &dyn Store,
    client_id: &str,
    disabled: bool,
) -> AdminResult<ClientRecord> {
    let mut client = require_client(store, client_id).await?;
    client.disabled = disabled;
    store.put_client(client.clone()).await?;
    Ok(client)
}

/// The demo world's clients with their fixed secrets, as `demo-credentials` prints them:
/// `[{client_id, client_secret, partner_id, role, scopes}]`, scopes space-separated.
pub fn demo_credentials() -> Value {
    Value::Array(
        vorgaenge_demo::clients()
            .into_iter()
            .map(|c| {
                json!({
                    "client_id": c.client_id,
                    "client_secret": c.client_secret,
                    "partner_id": c.partner_id,
                    "role": c.role,
                    "scopes": c.scopes.join(" "),
                })
            })
            .collect(),
    )
}

async fn require_client(store: &dyn Store, client_id: &str) -> AdminResult<ClientRecord> {
    store
        .client(client_id)
        .await?
        .ok_or_else(|| AdminError::NotFound(format!("unknown client {client_id}")))
}

/// The scope names in the order given, without repeats; rejects unknown names and an empty
/// list.
fn parse_scopes(text: &str) -> AdminResult<Vec<String>> {
    ScopeSet::parse(text)
        .map_err(|e| AdminError::rejected(format!("{e}: not a scope of the platform")))?;
    let mut scopes: Vec<String> = Vec::new();
    for name in text.split_ascii_whitespace() {
        if !scopes.iter().any(|s| s == name) {
            scopes.push(name.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err(AdminError::rejected(
            "a client needs at least one scope, e.g. --scopes \"baufinanzierung:vorgang:lesen\"",
        ));
    }
    Ok(scopes)
}
