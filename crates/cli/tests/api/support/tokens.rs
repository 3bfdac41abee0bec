//! Tokens made by hand: valid ones signed with the server's own key (to test claims such as
//! `exp` and `iss` in isolation) and every kind of forgery.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use vorgaenge_store::{SigningKeyRecord, Store};

/// The key the server signs with now.
pub async fn active_key(store: &dyn Store) -> SigningKeyRecord {
    store
        .signing_keys()
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.retired_at.is_none())
        .expect("the server created a signing key")
}

/// Claims the server would issue for `partner` through `client_id`, valid for an hour.
pub fn claims(base: &str, partner: &str, client_id: &str, scope: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "iss": base, "aud": base, "sub": partner, "client_id": client_id, "scope": scope,
        "iat": now, "nbf": now, "exp": now + 3600, "jti": "handmade",
    })
}

/// Signs `claims` with the server's own key: a token only the claims can make invalid.
pub async fn sign_with_server_key(store: &dyn Store, claims: &Value) -> String {
    let key = active_key(store).await;
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(key.kid.clone());
    encode(&header, claims, &EncodingKey::from_ed_der(&key.private_key)).unwrap()
}

/// Signed with another Ed25519 key under the server key's `kid`.
pub async fn sign_with_wrong_key(store: &dyn Store, claims: &Value) -> String {
    let kid = active_key(store).await.kid;
    let other = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let der = other.to_pkcs8_der().unwrap();
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid);
    encode(&header, claims, &EncodingKey::from_ed_der(der.as_bytes())).unwrap()
}

/// `alg: none` with an empty signature.
pub async fn unsigned(store: &dyn Store, claims: &Value) -> String {
    let kid = active_key(store).await.kid;
    let header = json!({"alg": "none", "typ": "JWT", "kid": kid});
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// The classic confusion: HS256 with the server's public key (as published) as the secret.
pub async fn hs256_with_public_key(store: &dyn Store, claims: &Value) -> String {
    let key = active_key(store).await;
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.kid.clone());
    encode(&header, claims, &EncodingKey::from_secret(&key.public_key)).unwrap()
}
