//! The HTTP server of the Vorgänge API: axum routes over a [`vorgaenge_store::Store`].
//!
//! A request passes [`trace::layer`] (trace id, error body) and reaches a handler in
//! [`http`]; handlers parse parameters with [`params`], reach cases only through [`access`]
//! and answer with the contract's shapes, links built from the [`links::PublicUrl`].

pub mod access;
pub mod access_log;
pub mod auth;
pub mod author;
pub mod body;
pub mod conditional;
pub mod context;
pub mod docs_page;
pub mod edit;
pub mod error;
pub mod health;
pub mod http;
mod kontext;
pub mod links;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod params;
mod router;
pub mod serve;
pub mod state;
pub mod trace;

use std::future::Future;

pub use error::ApiError;
pub use links::{ApiVersion, PublicUrl};
pub use router::router;
pub use state::AppState;

/// Serves `app` on `listener` with the default [`serve::ConnectionLimits`] until `shutdown`
/// completes, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::serve_with(listener, app, serve::ConnectionLimits::default(), shutdown).await
}
