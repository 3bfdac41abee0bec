//! Who is calling: the verified content of a bearer token.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use vorgaenge_domain::scopes::ScopeSet;

use crate::auth::snapshot::Snapshot;

/// The verified caller and the snapshot its checks ran against, for the handler (the token
/// gate in `bearer.rs` makes it).
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub caller: Arc<Caller>,
    pub snapshot: Arc<Snapshot>,
}

/// The identity a request acts with, after its token was verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The partner whose coverage counts (the token's `sub`; the impersonated subject when
    /// a partner acts on behalf of one below it).
    pub partner: String,
    /// The partner that acts on behalf of `partner` (`act.sub`), if impersonating.
    pub actor: Option<String>,
    pub client_id: String,
    pub scopes: ScopeSet,
    /// `exp`, seconds since the epoch.
    pub expires_at: i64,
    /// Token of the configured external issuer rather than of our own token endpoint.
    pub external: bool,
    /// The key of the rate limit: one budget per client, external clients kept apart from
    /// ours so that equal ids cannot share (or drain) one budget.
    pub rate_key: String,
}

/// The claims of the access tokens our token endpoint issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// The acting partner.
    pub sub: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    pub client_id: String,
    /// Space-separated.
    pub scope: String,
    /// RFC 8693 actor claim: set when `sub` is impersonated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ActorClaim>,
}

/// `{"sub": <actor partner id>}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorClaim {
    pub sub: String,
}
