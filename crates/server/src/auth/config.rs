//! Settings of the authorization server and the resource server.

use std::path::PathBuf;
use std::time::Duration;

/// How tokens are issued and checked.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// `iss` of our tokens and `issuer` of the metadata document.
    pub issuer: String,
    /// `aud` of our tokens; tokens for another audience are refused.
    pub audience: String,
    /// Lifetime of an access token (`expires_in`).
    pub token_lifetime: Duration,
    /// Tolerated clock difference for `exp`/`nbf`.
    pub leeway: Duration,
    /// Requests per minute and client.
    pub rate_limit_per_minute: u32,
    /// How often instances look for admin changes (partners, clients, keys).
    pub refresh_interval: Duration,
    /// Tokens of another issuer that are accepted too.
    pub external: Option<ExternalIssuer>,
    /// Failed client authentications per minute and client id before the token endpoint
    /// answers 429 (per instance).
    pub failed_logins_per_client: u32,
    /// The same per source address, which many clients may share behind a proxy.
    pub failed_logins_per_address: u32,
}

impl AuthConfig {
    /// Defaults for a server reachable at `public_url`.
    pub fn for_public_url(public_url: &str) -> Self {
        let url = public_url.trim_end_matches('/').to_owned();
        Self {
            issuer: url.clone(),
            audience: url,
            token_lifetime: Duration::from_secs(3600),
            leeway: Duration::from_secs(30),
            rate_limit_per_minute: 2000,
            refresh_interval: Duration::from_secs(1),
            external: None,
            failed_logins_per_client: 10,
            failed_logins_per_address: 100,
        }
    }
}

/// An external OAuth2 issuer whose tokens the resource server accepts, e.g. a company IdP.
#[derive(Debug, Clone)]
pub struct ExternalIssuer {
    /// Expected `iss`.
    pub issuer: String,
    /// Where its signing keys are published.
    pub jwks_url: String,
    /// Expected `aud`.
    pub audience: String,
    /// Claim holding the partner id (e.g. `sub` or `partner_id`).
    pub partner_claim: String,
    /// Claim holding the scopes: a space-separated string or an array.
    pub scope_claim: String,
    /// Claim holding the client id (e.g. `client_id` or `azp`).
    pub client_claim: String,
    /// PEM certificates trusted for fetching the JWKS besides the system's roots: companies
    /// often run their identity provider under a certificate of an internal CA.
    pub ca_file: Option<PathBuf>,
}
