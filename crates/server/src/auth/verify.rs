//! Bearer token verification, with the verified claims cached until the token expires.
//!
//! An Ed25519 verification costs tens of microseconds; a cache lookup costs a hash of the
//! token. The cache is keyed by the whole token text, so only a byte-identical copy of a
//! token that passed verification can hit it. Failures are never cached.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{
    Algorithm, DecodingKey, Validation, decode, decode_header, get_current_timestamp,
};
use serde_json::{Map, Value};
use vorgaenge_domain::scopes::ScopeSet;

use crate::auth::caller::{AccessClaims, Caller};
use crate::auth::config::AuthConfig;
use crate::auth::external::ExternalKeys;
use crate::auth::keys::ALGORITHM;
use crate::auth::snapshot::SnapshotCache;

/// Why a token is refused (401 `invalid_token`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRejection {
    /// For the Error body (German, like every API message).
    pub message: String,
    /// For `WWW-Authenticate` (RFC 6750 allows only printable ASCII without quotes).
    pub description: &'static str,
}

impl TokenRejection {
    fn new(message: impl Into<String>, description: &'static str) -> Self {
        Self {
            message: message.into(),
            description,
        }
    }
}

/// How many verified tokens are remembered: a token and its claims take about 1 KB, and
/// live tokens number about the clients in use (one per client and hour), so this covers
/// thousands of clients in ~10 MB. Beyond it, the least used are verified again.
const CACHE_CAPACITY: usize = 10_000;

/// Forced reloads of our own keys (a token names a key id we do not know yet) happen at
/// most this often.
const MIN_FORCED_RELOAD: Duration = Duration::from_secs(1);

/// Verifies bearer tokens of our own issuer and, if configured, of an external one.
#[derive(Debug)]
pub struct Verifier {
    issuer: String,
    audience: String,
    leeway: u64,
    cache: quick_cache::sync::Cache<String, Arc<Caller>>,
    external: Option<ExternalKeys>,
    last_forced_reload: tokio::sync::Mutex<Option<Instant>>,
}

impl Verifier {
    pub fn new(config: &AuthConfig) -> Self {
        Self {
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            leeway: config.leeway.as_secs(),
            cache: quick_cache::sync::Cache::new(CACHE_CAPACITY),
            external: config.external.clone().map(ExternalKeys::new),
            last_forced_reload: tokio::sync::Mutex::new(None),
        }
    }

    /// The caller a token stands for.
    pub async fn verify(
        &self,
        token: &str,
        snapshots: &SnapshotCache,
    ) -> Result<Arc<Caller>, TokenRejection> {
        let now = get_current_timestamp() as i64;
        if let Some(caller) = self.cache.get(token) {
            if caller.expires_at > now - self.leeway as i64 {
                return Ok(caller);
            }
            self.cache.remove(token);
            return Err(expired());
        }
        let caller = Arc::new(self.verify_uncached(token, snapshots).await?);
        self.cache.insert(token.to_owned(), caller.clone());
        Ok(caller)
    }

    async fn verify_uncached(
        &self,
        token: &str,
        snapshots: &SnapshotCache,
    ) -> Result<Caller, TokenRejection> {
        let header = decode_header(token).map_err(|e| match e.kind() {
            ErrorKind::InvalidAlgorithmName => TokenRejection::new(
                "Token verwendet einen nicht unterstützten Algorithmus",
                "unsupported algorithm",
            ),
            _ => TokenRejection::new("Token ist kein gültiges JWT", "malformed token"),
        })?;
        let Some(kid) = header.kid.as_deref() else {
            return Err(TokenRejection::new(
                "Token nennt keinen Schlüssel (kid)",
                "missing kid",
            ));
        };
        for attempt in 0..2 {
            if let Some(key) = snapshots.current().keys.verifying_key(kid) {
                return self.own(token, key);
            }
            if let Some(external) = &self.external
                && let Some(key) = external.key(kid)
            {
                return self.external(token, external, key.algorithm, &key.key);
            }
            if attempt == 0 {
                self.reload_keys(snapshots).await;
            }
        }
        Err(TokenRejection::new(
            "Token ist mit einem unbekannten Schlüssel signiert",
            "unknown signing key",
        ))
    }

    /// A token may name a key another instance just created, or the external issuer just
    /// rotated to: look again, but not more than once a second.
    async fn reload_keys(&self, snapshots: &SnapshotCache) {
        {
            let mut last = self.last_forced_reload.lock().await;
            if last.is_none_or(|at| at.elapsed() >= MIN_FORCED_RELOAD) {
                *last = Some(Instant::now());
                if let Err(e) = snapshots.refresh().await {
                    tracing::warn!("reloading signing keys failed: {e}");
                }
            }
        }
        if let Some(external) = &self.external {
            external.refetch().await;
        }
    }

    fn validation(&self, algorithm: Algorithm, issuer: &str, audience: &str) -> Validation {
        // One algorithm per key: the header's `alg` must be exactly it, which rules out
        // `none`, HS256 signed with a public key, and every other confusion.
        let mut v = Validation::new(algorithm);
        v.set_issuer(&[issuer]);
        v.set_audience(&[audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = self.leeway;
        v
    }

    fn own(&self, token: &str, key: &DecodingKey) -> Result<Caller, TokenRejection> {
        let validation = self.validation(ALGORITHM, &self.issuer, &self.audience);
        let claims = decode::<AccessClaims>(token, key, &validation)
            .map_err(rejection)?
            .claims;
        Ok(Caller {
            rate_key: claims.client_id.clone(),
            partner: claims.sub,
            actor: claims.act.map(|a| a.sub),
            client_id: claims.client_id,
            scopes: ScopeSet::parse_lenient(claims.scope.split_ascii_whitespace()),
            expires_at: claims.exp,
            external: false,
        })
    }

    fn external(
        &self,
        token: &str,
        external: &ExternalKeys,
        algorithm: Algorithm,
        key: &DecodingKey,
    ) -> Result<Caller, TokenRejection> {
        let config = &external.config;
        let validation = self.validation(algorithm, &config.issuer, &config.audience);
        let claims = decode::<Map<String, Value>>(token, key, &validation)
            .map_err(rejection)?
            .claims;
        let text = |name: &str| claims.get(name).and_then(Value::as_str);
        let partner = text(&config.partner_claim).ok_or_else(|| {
            TokenRejection::new(
                format!(
                    "Token enthält keinen Partner (Claim {})",
                    config.partner_claim
                ),
                "missing partner claim",
            )
        })?;
        let client_id = text(&config.client_claim).ok_or_else(|| {
            TokenRejection::new(
                format!(
                    "Token enthält keinen Client (Claim {})",
                    config.client_claim
                ),
                "missing client claim",
            )
        })?;
        let scopes = match claims.get(&config.scope_claim) {
            Some(Value::String(s)) => ScopeSet::parse_lenient(s.split_ascii_whitespace()),
            Some(Value::Array(items)) => {
                ScopeSet::parse_lenient(items.iter().filter_map(Value::as_str))
            }
            _ => ScopeSet::EMPTY,
        };
        Ok(Caller {
            partner: partner.to_owned(),
            actor: None,
            client_id: client_id.to_owned(),
            scopes,
            expires_at: claims.get("exp").and_then(Value::as_i64).unwrap_or(0),
            external: true,
            rate_key: format!("{}#{client_id}", config.issuer),
        })
    }
}

fn expired() -> TokenRejection {
    TokenRejection::new("Token ist abgelaufen", "token expired")
}

fn rejection(e: jsonwebtoken::errors::Error) -> TokenRejection {
    match e.kind() {
        ErrorKind::ExpiredSignature => expired(),
        ErrorKind::ImmatureSignature => {
            TokenRejection::new("Token ist noch nicht gültig (nbf)", "token not yet valid")
        }
        ErrorKind::InvalidSignature => {
            TokenRejection::new("Signatur des Tokens ist ungültig", "invalid signature")
        }
        ErrorKind::InvalidIssuer => TokenRejection::new(
            "Aussteller (iss) des Tokens wird nicht akzeptiert",
            "invalid issuer",
        ),
        ErrorKind::InvalidAudience => TokenRejection::new(
            "Token ist nicht für diese API bestimmt (aud)",
            "invalid audience",
        ),
        ErrorKind::InvalidAlgorithm => TokenRejection::new(
            "Algorithmus des Tokens passt nicht zum Schlüssel",
            "algorithm not allowed",
        ),
        ErrorKind::MissingRequiredClaim(claim) => TokenRejection::new(
            format!("Token fehlt der Claim {claim}"),
            "missing required claim",
        ),
        _ => TokenRejection::new("Token ist ungültig", "invalid token"),
    }
}
