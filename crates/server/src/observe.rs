//! What the router notes of every request: its count and latency for the metrics, and its
//! route's template for the access log; and `GET /metrics`, which shows the counts.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::metrics::{DURATION, REQUESTS, UNMATCHED};
use crate::state::AppState;

/// Counts and times every routed request, and carries the route's template out on the
/// response for the access log (the trace layer that writes it runs outside the router).
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let mut response = next.run(request).await;
    // A router nested inside (the Kundenangaben API's) has noted the finer template already.
    let route = match response.extensions().get::<MatchedPath>() {
        Some(inner) => Some(inner.clone()),
        None => {
            if let Some(route) = &route {
                response.extensions_mut().insert(route.clone());
            }
            route
        }
    };
    let label = route
        .as_ref()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let status = response.status().as_str().to_owned();
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.record(|| {
        let method = method.as_str().to_owned();
        metrics::counter!(REQUESTS, "route" => label.clone(), "method" => method.clone(), "status" => status)
            .increment(1);
        metrics::histogram!(DURATION, "route" => label, "method" => method).record(seconds);
    });
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
