//! Keys of the external issuer, fetched from its JWKS URL.
//!
//! Fetched on first use and again when a token names a key id we do not know (the issuer
//! rotated), but at most once per [`MIN_REFETCH`], so that made-up key ids cannot make us
//! hammer the issuer.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::auth::config::ExternalIssuer;

const MIN_REFETCH: Duration = Duration::from_secs(10);

/// One usable key of the external issuer.
#[derive(Clone)]
pub struct ExternalKey {
    pub algorithm: Algorithm,
    pub key: DecodingKey,
}

impl std::fmt::Debug for ExternalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// The external issuer's configuration and its current keys.
#[derive(Debug)]
pub struct ExternalKeys {
    pub config: ExternalIssuer,
    http: reqwest::Client,
    keys: ArcSwap<HashMap<String, ExternalKey>>,
    last_fetch: tokio::sync::Mutex<Option<Instant>>,
}

impl ExternalKeys {
    pub fn new(config: ExternalIssuer) -> Self {
        Self {
            http: jwks_client(&config),
            config,
            keys: ArcSwap::from_pointee(HashMap::new()),
            last_fetch: tokio::sync::Mutex::new(None),
        }
    }

    /// The key with this id, as currently known.
    pub fn key(&self, kid: &str) -> Option<ExternalKey> {
        self.keys.load().get(kid).cloned()
    }

    /// Fetches the JWKS again unless that was done a moment ago.
    pub async fn refetch(&self) {
        let mut last = self.last_fetch.lock().await;
        if last.is_some_and(|at| at.elapsed() < MIN_REFETCH) {
            return;
        }
        *last = Some(Instant::now());
        match self.fetch().await {
            Ok(keys) => self.keys.store(Arc::new(keys)),
            Err(e) => tracing::warn!(
                jwks_url = %self.config.jwks_url,
                "fetching the external issuer's keys failed: {e}"
            ),
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, ExternalKey>, String> {
        let response = self
            .http
            .get(&self.config.jwks_url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let set: JwkSet = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        Ok(set.keys.iter().filter_map(usable).collect())
    }
}

/// The client that fetches the JWKS: HTTPS with the system's roots, plus the configured CA.
/// A CA file that cannot be read leaves only the system's roots, so the fetch fails and
/// external tokens are refused; `vorgaenge serve` checks the file before it starts.
fn jwks_client(config: &ExternalIssuer) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(5));
    if let Some(path) = &config.ca_file {
        match read_ca_file(path) {
            Ok(certificates) => builder = builder.tls_certs_merge(certificates),
            Err(e) => tracing::error!("{e}"),
        }
    }
    builder.build().unwrap_or_else(|e| {
        tracing::error!("cannot set up the client for the external issuer's keys: {e}");
        reqwest::Client::new()
    })
}

/// The certificates of a PEM file, at least one.
pub fn read_ca_file(path: &Path) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = std::fs::read(path)
        .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("the CA file {} is not PEM: {e}", path.display()))?;
    if certificates.is_empty() {
        return Err(format!(
            "the CA file {} holds no certificate",
            path.display()
        ));
    }
    Ok(certificates)
}

/// A signing key with an id and an algorithm we can verify; others are skipped.
fn usable(jwk: &Jwk) -> Option<(String, ExternalKey)> {
    let kid = jwk.common.key_id.clone()?;
    let algorithm = match jwk.common.key_algorithm {
        Some(alg) => Algorithm::try_from(alg).ok()?,
        // Without `alg`, the key type decides; symmetric keys are never taken from a JWKS.
        None => match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => Algorithm::RS256,
            AlgorithmParameters::EllipticCurve(p) => match p.curve {
                EllipticCurve::P256 => Algorithm::ES256,
                EllipticCurve::P384 => Algorithm::ES384,
                _ => return None,
            },
            AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
            _ => return None,
        },
    };
    if matches!(
        algorithm,
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
    ) {
        return None;
    }
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some((kid, ExternalKey { algorithm, key }))
}
