//! Client ids and secrets: generated here, stored only as a hash.
//!
//! A secret is 256 random bits, so a fast hash is as safe to store as a slow one: nobody can
//! guess a 256-bit value, whatever the hash costs. A deliberately slow password hash
//! (argon2) would only cap the token endpoint and make it a lever for denial of service.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Domain separation, so a stored hash is useless as any other kind of digest.
const HASH_CONTEXT: &[u8] = b"vorgaenge client secret v1\0";

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// A fresh client secret: 32 random bytes (256 bits), base64url without padding.
pub fn generate_secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A fresh client id: a recognisable prefix and 96 random bits.
pub fn generate_client_id() -> String {
    let bytes = random_bytes::<12>();
    let mut id = String::from("vc-");
    for b in bytes {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// What is stored of a secret.
pub fn hash_secret(secret: &str) -> Bytes {
    let mut hasher = Sha256::new();
    hasher.update(HASH_CONTEXT);
    hasher.update(secret.as_bytes());
    Bytes::copy_from_slice(&hasher.finalize())
}

/// Whether `secret` matches the stored hash, in time independent of where they differ.
pub fn secret_matches(secret: &str, stored: &[u8]) -> bool {
    hash_secret(secret).as_ref().ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_verify_only_themselves() {
        let a = generate_secret();
        let b = generate_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43); // 32 bytes in base64url
        let stored = hash_secret(&a);
        assert!(secret_matches(&a, &stored));
        assert!(!secret_matches(&b, &stored));
        assert!(!secret_matches("", &stored));
        assert_ne!(stored.as_ref(), a.as_bytes());
    }

    #[test]
    fn client_ids_differ() {
        let id = generate_client_id();
        assert!(id.starts_with("vc-") && id.len() == 27, "{id}");
        assert_ne!(id, generate_client_id());
    }
}
