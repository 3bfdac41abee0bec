//! Signing keys: generation, the ring of keys a token may be verified with, and the JWKS.
//!
//! Tokens are signed with Ed25519 (`alg: EdDSA`): small keys, fast signatures, and no
//! parameter choices to get wrong. The key id is the RFC 7638 thumbprint of the public key.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::json;
use sha2::{Digest, Sha256};
use vorgaenge_store::{SigningKeyRecord, Timestamp};

use crate::auth::secrets::random_bytes;

/// The one algorithm our own tokens use.
pub const ALGORITHM: Algorithm = Algorithm::EdDSA;

/// A new Ed25519 key pair, ready to store.
pub fn generate_signing_key(now: Timestamp) -> SigningKeyRecord {
    let signing = ed25519_dalek::SigningKey::from_bytes(&random_bytes::<32>());
    let der = signing
        .to_pkcs8_der()
        .expect("an Ed25519 key always encodes as PKCS#8");
    let public = signing.verifying_key().to_bytes();
    SigningKeyRecord {
        kid: thumbprint(&public),
        algorithm: "EdDSA".to_owned(),
        private_key: Bytes::copy_from_slice(der.as_bytes()),
        public_key: Bytes::copy_from_slice(&public),
        created_at: now,
        retired_at: None,
    }
}

/// RFC 7638: SHA-256 over the canonical JWK members, base64url.
fn thumbprint(public: &[u8]) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(public)
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The keys of one snapshot: the one to sign with and every one a live token may carry.
pub struct KeyRing {
    signing: Option<(String, EncodingKey)>,
    verifying: HashMap<String, DecodingKey>,
    jwks: Bytes,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("signing", &self.signing.as_ref().map(|(kid, _)| kid))
            .field("verifying", &self.verifying.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl KeyRing {
    /// Builds the ring from stored keys (newest first). Keys retired longer ago than
    /// `token_lifetime_micros` can no longer have live tokens and are left out.
    pub fn new(records: &[SigningKeyRecord], now: Timestamp, token_lifetime_micros: i64) -> Self {
        let live = |r: &&SigningKeyRecord| {
            r.algorithm == "EdDSA"
                && r.retired_at
                    .is_none_or(|at| at.0.saturating_add(token_lifetime_micros) > now.0)
        };
        let signing = records
            .iter()
            .find(|r| r.retired_at.is_none() && r.algorithm == "EdDSA")
            .map(|r| (r.kid.clone(), EncodingKey::from_ed_der(&r.private_key)));
        let mut verifying = HashMap::new();
        let mut jwks = Vec::new();
        for record in records.iter().filter(live) {
            verifying.insert(
                record.kid.clone(),
                DecodingKey::from_ed_der(&record.public_key),
            );
            jwks.push(json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": URL_SAFE_NO_PAD.encode(&record.public_key),
                "kid": record.kid,
                "alg": "EdDSA",
                "use": "sig",
            }));
        }
        let jwks = serde_json::to_vec(&json!({ "keys": jwks }))
            .expect("a JWKS always serialises")
            .into();
        Self {
            signing,
            verifying,
            jwks,
        }
    }

    /// The key id and key to sign new tokens with.
    pub fn signing_key(&self) -> Option<(&str, &EncodingKey)> {
        self.signing.as_ref().map(|(kid, key)| (kid.as_str(), key))
    }

    /// The key a token with this `kid` was signed with, if it may still be live.
    pub fn verifying_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.verifying.get(kid)
    }

    /// `/.well-known/jwks.json`, serialised once per snapshot.
    pub fn jwks(&self) -> &Bytes {
        &self.jwks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_signs_with_the_newest_and_verifies_retired_until_their_tokens_expire() {
        let hour = 3_600_000_000;
        let mut old = generate_signing_key(Timestamp(0));
        let new = generate_signing_key(Timestamp(10 * hour));
        old.retired_at = Some(Timestamp(10 * hour));
        let records = [new.clone(), old.clone()];

        let ring = KeyRing::new(&records, Timestamp(10 * hour + 5), hour);
        assert_eq!(
            ring.signing_key().map(|(kid, _)| kid),
            Some(new.kid.as_str())
        );
        assert!(ring.verifying_key(&old.kid).is_some());
        let jwks: serde_json::Value = serde_json::from_slice(ring.jwks()).unwrap();
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);

        let later = KeyRing::new(&records, Timestamp(11 * hour + 1), hour);
        assert!(later.verifying_key(&old.kid).is_none());
        assert!(later.verifying_key(&new.kid).is_some());
    }

    #[test]
    fn kid_is_the_thumbprint_and_keys_differ() {
        let a = generate_signing_key(Timestamp(0));
        let b = generate_signing_key(Timestamp(0));
        assert_ne!(a.kid, b.kid);
        assert_eq!(a.kid.len(), 43);
        assert_eq!(a.public_key.len(), 32);
    }
}
