//! The server's metrics, for Prometheus at `GET /metrics`: requests by route template,
//! method and status with their latency, rate-limit rejections, and tokens issued and
//! refused.
//!
//! Each server keeps its own recorder (not the process-global one), so that several servers
//! in one process (the test suites run many) count apart.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

use crate::state::AppState;

/// Requests answered, by `route` (template), `method` and `status`.
pub const REQUESTS: &str = "vorgaenge_http_requests_total";
/// Seconds from a request's arrival at the router to its answer, by `route` and `method`.
pub const DURATION: &str = "vorgaenge_http_request_duration_seconds";
/// Requests refused by a client's rate limit (429).
pub const RATE_LIMITED: &str = "vorgaenge_rate_limit_rejections_total";
/// Access tokens the token endpoint issued, by `client_id`.
pub const TOKENS_ISSUED: &str = "vorgaenge_tokens_issued_total";
/// Token requests the token endpoint refused, by RFC 6749 `error`.
pub const TOKENS_REFUSED: &str = "vorgaenge_tokens_refused_total";

/// Buckets of [`DURATION`]: a case is served in well under a millisecond, a write in a few.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The route label of a request no route matched: one value, however many paths are tried.
const UNMATCHED: &str = "unmatched";

/// One server's recorder and the handle that renders it.
#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// A recorder of its own. Inside a tokio runtime, a task keeps its histograms drained.
    pub fn new() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full(DURATION.to_owned()),
                BUCKETS,
            )
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let upkeep = handle.clone();
            runtime.spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(5));
                loop {
                    tick.tick().await;
                    upkeep.run_upkeep();
                }
            });
        }
        Metrics {
            recorder: Arc::new(recorder),
            handle,
        }
    }

    /// Runs `record` with this server's recorder as the one the `metrics` macros use.
    pub fn record<T>(&self, record: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&*self.recorder, record)
    }

    /// The metrics in Prometheus' text format.
    pub fn render(&self) -> String {
        self.handle.render()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

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
