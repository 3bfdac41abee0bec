//! Identity and access: the OAuth2 token endpoint, bearer tokens on every operation, the
//! admin-managed partner/client/key snapshot, and the per-client rate limit.

pub mod bearer;
pub mod caller;
mod client_auth;
pub mod config;
pub mod external;
pub mod failed_logins;
pub mod keys;
pub(crate) mod oauth_error;
pub mod rate_limit;
pub mod redis_rate_limit;
pub mod secrets;
pub mod snapshot;
pub mod token;
pub mod verify;
pub mod well_known;

use std::sync::Arc;
use std::time::Duration;

use vorgaenge_store::{Store, StoreResult, Timestamp};

pub use caller::Caller;
pub use config::{AuthConfig, ExternalIssuer};
pub use rate_limit::{LocalRateLimiter, RateDecision, RateLimiter, RedisHealth};
pub use redis_rate_limit::{RedisFailurePolicy, RedisRateLimiter};
pub use snapshot::{Snapshot, SnapshotCache};

/// Everything the auth parts of a running server share.
#[derive(Debug)]
pub struct Auth {
    pub config: AuthConfig,
    pub snapshots: Arc<SnapshotCache>,
    pub verifier: verify::Verifier,
    pub rate_limiter: Arc<dyn RateLimiter>,
    /// Failed client authentications at the token endpoint.
    pub failed_logins: failed_logins::FailedLogins,
}

impl Auth {
    /// Makes sure a signing key exists (the first instance to start creates it), drops keys
    /// whose tokens have all expired, loads the snapshot and starts watching for admin
    /// changes. Must run inside a tokio runtime.
    pub async fn start(
        store: Arc<dyn Store>,
        config: AuthConfig,
        rate_limiter: Arc<dyn RateLimiter>,
    ) -> StoreResult<Auth> {
        prepare_signing_keys(&*store, config.token_lifetime).await?;
        let snapshots = Arc::new(SnapshotCache::load(store, config.token_lifetime).await?);
        snapshots.spawn_poller(config.refresh_interval);
        Ok(Auth {
            verifier: verify::Verifier::new(&config),
            failed_logins: failed_logins::FailedLogins::per_minute(
                config.failed_logins_per_client,
                config.failed_logins_per_address,
            ),
            config,
            snapshots,
            rate_limiter,
        })
    }
}

/// Creates the first signing key if there is none in use and prunes keys that cannot
/// verify a live token any more.
pub async fn prepare_signing_keys(store: &dyn Store, token_lifetime: Duration) -> StoreResult<()> {
    let now = Timestamp::now();
    store
        .ensure_signing_key(keys::generate_signing_key(now))
        .await?;
    let lifetime = i64::try_from(token_lifetime.as_micros()).unwrap_or(i64::MAX);
    // Twice the lifetime: generous towards clock skew between instances.
    store
        .prune_signing_keys(Timestamp(now.0.saturating_sub(lifetime.saturating_mul(2))))
        .await?;
    Ok(())
}

/// Makes a new key the one in use; the previous one keeps verifying until its tokens expire.
pub async fn rotate_signing_key(store: &dyn Store) -> StoreResult<String> {
    let key = keys::generate_signing_key(Timestamp::now());
    let kid = key.kid.clone();
    store.rotate_signing_key(key).await?;
    Ok(kid)
}
