use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use vorgaenge_store::{Store, StoreResult};

use crate::access::Cases;
use crate::auth::{Auth, AuthConfig, LocalRateLimiter, RateLimiter};
use crate::body::Limits;
use crate::links::PublicUrl;
use crate::metrics::Metrics;

/// What every handler shares. One `Arc` around all of it: axum clones the state into every
/// layer and handler of a request, and each clone of a shared counter is a cache line that
/// moves between the cores (three `Arc`s cloned per layer showed up at 2–3 % of the CPU).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
#[derive(Debug, Clone)]
pub struct Shared {
    /// The cases, reachable only through the access rules.
    pub cases: Cases,
    pub public_url: Arc<PublicUrl>,
    /// Zone for `aenderungSeit`/`aenderungBis` values without an offset.
    pub zone: Tz,
    pub auth: Arc<Auth>,
    /// Body size and patch length limits of the write operations.
    pub limits: Limits,
    /// This server's counters and histograms, for `GET /metrics`.
    pub metrics: Metrics,
}

impl AppState {
    /// Prepares a server over `store`: signing keys, the partner/client snapshot and its
    /// watcher, and an in-process rate limiter. Must run inside a tokio runtime.
    pub async fn start(
        store: Arc<dyn Store>,
        public_url: PublicUrl,
        zone: Tz,
        config: AuthConfig,
    ) -> StoreResult<AppState> {
        let limiter = Arc::new(LocalRateLimiter::per_minute(config.rate_limit_per_minute));
        let idle = Arc::downgrade(&limiter);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = idle.upgrade() else {
                    return;
                };
                limiter.forget_idle();
            }
        });
        Self::start_with_limiter(store, public_url, zone, config, limiter).await
    }

    /// Like [`AppState::start`], with the rate limiter given (e.g. one shared by instances).
    pub async fn start_with_limiter(
        store: Arc<dyn Store>,
        public_url: PublicUrl,
        zone: Tz,
        config: AuthConfig,
        limiter: Arc<dyn RateLimiter>,
    ) -> StoreResult<AppState> {
        let auth = Auth::start(store.clone(), config, limiter).await?;
        Ok(AppState(Arc::new(Shared {
            cases: Cases::new(store),
            public_url: Arc::new(public_url),
            zone,
            auth: Arc::new(auth),
            limits: Limits::default(),
            metrics: Metrics::new(),
        })))
    }

    /// The body and patch limits of the write operations (before the router is built).
    pub fn set_limits(&mut self, limits: Limits) {
        Arc::make_mut(&mut self.0).limits = limits;
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
