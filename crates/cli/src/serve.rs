//! `vorgaenge serve`.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use vorgaenge_server::auth::{AuthConfig, ExternalIssuer, RedisFailurePolicy, RedisRateLimiter};
use vorgaenge_server::body::Limits;
use vorgaenge_server::serve::{ConnectionLimits, POLL_INTERVAL, ReloadingCert, TlsFiles};
use vorgaenge_server::{AppState, PublicUrl};
use vorgaenge_store::Store;

#[derive(Debug)]
pub struct ServeOptions {
    pub store: Arc<dyn Store>,
    pub listen: SocketAddr,
    pub public_url: Option<String>,
    pub zone: chrono_tz::Tz,
    pub demo: bool,
    /// Requests per minute and client (default 2000).
    pub rate_limit_per_minute: Option<u32>,
    /// Share the rate limit through this Redis; `None`: a limit per process.
    pub redis_url: Option<String>,
    /// What the shared limit does when Redis cannot answer.
    pub redis_failure: RedisFailurePolicy,
    /// Body size and patch length limits of the write operations.
    pub limits: Limits,
    /// Tokens of this issuer are accepted too.
    pub external_issuer: Option<ExternalIssuer>,
    /// Connection cap and timeouts.
    pub connections: ConnectionLimits,
    /// Serve HTTPS with this certificate and key; `None`: plain HTTP (behind a proxy).
    pub tls: Option<TlsFiles>,
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish.
pub async fn run(options: ServeOptions) -> anyhow::Result<()> {
    // Settings read from files fail the start, not the first request that needs them.
    if let Some(ca_file) = options
        .external_issuer
        .as_ref()
        .and_then(|e| e.ca_file.as_ref())
    {
        vorgaenge_server::auth::external::read_ca_file(ca_file).map_err(anyhow::Error::msg)?;
    }
    let cert = match options.tls.clone() {
        Some(files) => Some(ReloadingCert::load(files).map_err(anyhow::Error::msg)?),
        None => None,
    };
    if options.demo {
        if options.store.case_count().await? == 0 {
            let report = crate::seed::seed(options.store.clone(), 0, 1, false).await?;
            tracing::info!("loaded the demo world: {report}");
        } else {
            let added = crate::seed::add_missing_demo_access(&*options.store).await?;
            if added > 0 {
                tracing::info!("added {added} missing demo partners and clients");
            }
        }
    }
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .with_context(|| format!("cannot listen on {}", options.listen))?;
    // The address actually bound (port 0 picks one): the links' base unless one is given.
    let address = default_public_url(listener.local_addr()?, cert.is_some());
    let public_url = match &options.public_url {
        Some(url) => url.clone(),
        None => address.clone(),
    };
    let public_url = PublicUrl::parse(&public_url).map_err(anyhow::Error::msg)?;
    let mut auth = AuthConfig::for_public_url(public_url.base());
    if let Some(limit) = options.rate_limit_per_minute {
        auth.rate_limit_per_minute = limit;
    }
    auth.external = options.external_issuer;
    let mut state = match &options.redis_url {
        Some(url) => {
            let limiter =
                RedisRateLimiter::new(url, auth.rate_limit_per_minute, options.redis_failure)
                    .with_context(|| format!("invalid Redis URL {url:?}"))?;
            tracing::info!(
                "rate limit shared through Redis (when unavailable: {})",
                options.redis_failure
            );
            AppState::start_with_limiter(
                options.store,
                public_url,
                options.zone,
                auth,
                Arc::new(limiter),
            )
            .await?
        }
        None => AppState::start(options.store, public_url, options.zone, auth).await?,
    };
    state.set_limits(options.limits);
    // Where to connect first, then the base of the links if it differs (behind a proxy):
    // scripts and tests read the first line.
    tracing::info!("Vorgänge API listening on {address}");
    if state.public_url.base().trim_end_matches('/') != address {
        tracing::info!("links point to {}", state.public_url.base());
    }
    let app = vorgaenge_server::router(state);
    match cert {
        Some(cert) => {
            cert.spawn_reloader(POLL_INTERVAL);
            vorgaenge_server::serve::serve_tls_with(
                listener,
                app,
                options.connections,
                cert,
                shutdown_signal(),
            )
            .await?;
        }
        None => {
            vorgaenge_server::serve::serve_with(
                listener,
                app,
                options.connections,
                shutdown_signal(),
            )
            .await?;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// `http://<address>` (`https://` when serving TLS), with a wildcard address replaced by
/// loopback so the links work from this machine.
pub fn default_public_url(bound: SocketAddr, tls: bool) -> String {
    let mut addr = bound;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{addr}")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
