//! What the router notes of every request: its count and latency for the metrics, and its
//! route's template for the access log; and `GET /metrics`, which shows the counts.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::metrics::UNMATCHED;
use crate::state::AppState;

/// Counts and times every routed request, and carries the route's template out on the
/// response for the access log (the trace layer that writes it runs outside the router).
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let response = crate::access_log::note_route(request, next).await;
    let label = response
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str);
    let seconds = started.elapsed().as_secs_f64();
    state
        .metrics
        .request(label, &method, response.status(), seconds);
    response
}

/// GET /metrics: no token, like a load balancer's health check; it shows counts, no data.
pub async fn handler(State(state): State<AppState>) -> Response {
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
