//! `admin keys rotate|list`: the keys the token endpoint signs with.

use vorgaenge_store::{SigningKeyRecord, Store};

use super::{AdminResult, table};

/// Makes a new key the one in use and returns its `kid`; the previous key is retired but
/// keeps verifying the tokens it signed until they expire.
pub async fn rotate(store: &dyn Store) -> AdminResult<String> {
    Ok(vorgaenge_server::auth::rotate_signing_key(store).await?)
}

/// Every signing key, newest first.
pub async fn list(store: &dyn Store) -> AdminResult<Vec<SigningKeyRecord>> {
    Ok(store.signing_keys().await?)
}

/// The table `admin keys list` prints (never key material).
pub fn key_table(keys: &[SigningKeyRecord]) -> String {
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            vec![
                k.kid.clone(),
                k.algorithm.clone(),
                k.created_at.to_rfc3339(),
                k.retired_at
                    .map_or_else(|| "- (in use)".to_owned(), |t| t.to_rfc3339()),
            ]
        })
        .collect();
    table(&["kid", "alg", "created", "retired"], &rows)
}
