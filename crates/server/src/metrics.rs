//! The server's metrics, for Prometheus at `GET /metrics`: requests by route template,
//! method and status with their latency, rate-limit rejections, tokens issued and refused,
//! and how busy the database connections are. `observe.rs` records the requests and serves the page.
//!
//! Each server keeps its own recorder (not the process-global one), so that several servers
//! in one process (the test suites run many) count apart.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use metrics::{Counter, Histogram};

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

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

/// Database connections open, by `pool`.
pub const DB_CONNECTIONS: &str = "vorgaenge_db_connections";
/// Database connections in use, by `pool` (where the pool can tell).
pub const DB_BUSY: &str = "vorgaenge_db_connections_busy";
/// Callers waiting for a database connection, by `pool`.
pub const DB_WAITING: &str = "vorgaenge_db_waiting";

/// Buckets of [`DURATION`]: a case is served in well under a millisecond, a write in a few.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The route label of a request no route matched: one value, however many paths are tried.
pub const UNMATCHED: &str = "unmatched";

/// One server's recorder and the handle that renders it.
#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
    /// The request metrics' handles by route, method and status, registered once: building
    /// their labelled keys and looking them up on every request cost the GET of a case
    /// several microseconds.
    requests: Arc<RwLock<HashMap<String, Vec<RequestHandles>>>>,
}

/// The counter and histogram of one route, method and status.
#[derive(Clone)]
struct RequestHandles {
    method: Method,
    status: StatusCode,
    count: Counter,
    duration: Histogram,
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
            requests: Arc::default(),
        }
    }

    /// Counts one answered request of `route` (a template, or [`UNMATCHED`]) and its
    /// duration.
    pub fn request(&self, route: &str, method: &Method, status: StatusCode, seconds: f64) {
        // Recorded under the read lock: cloning the handles would touch their shared counts.
        if let Ok(routes) = self.requests.read()
            && let Some(handles) = routes.get(route).and_then(|all| {
                all.iter()
                    .find(|h| h.status == status && h.method == method)
            })
        {
            handles.count.increment(1);
            handles.duration.record(seconds);
            return;
        }
        let handles = self.register(route, method, status);
        handles.count.increment(1);
        handles.duration.record(seconds);
    }

    fn register(&self, route: &str, method: &Method, status: StatusCode) -> RequestHandles {
        let handles = self.record(|| RequestHandles {
            method: method.clone(),
            status,
            count: metrics::counter!(
                REQUESTS,
                "route" => route.to_owned(),
                "method" => method.as_str().to_owned(),
                "status" => status.as_str().to_owned()
            ),
            duration: metrics::histogram!(
                DURATION,
                "route" => route.to_owned(),
                "method" => method.as_str().to_owned()
            ),
        });
        if let Ok(mut routes) = self.requests.write() {
            let all = routes.entry(route.to_owned()).or_default();
            if !all.iter().any(|h| h.status == status && h.method == method) {
                all.push(handles.clone());
            }
        }
        handles
    }

    /// Runs `record` with this server's recorder as the one the `metrics` macros use.
    pub fn record<T>(&self, record: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&*self.recorder, record)
    }

    /// The metrics in Prometheus' text format.
    /// Sets the database gauges to `stats`, as read when the page is asked for.
    pub fn pools(&self, stats: &[vorgaenge_store::PoolStats]) {
        self.record(|| {
            for s in stats {
                metrics::gauge!(DB_CONNECTIONS, "pool" => s.pool).set(s.connections as f64);
                if let Some(busy) = s.busy {
                    metrics::gauge!(DB_BUSY, "pool" => s.pool).set(busy as f64);
                }
                metrics::gauge!(DB_WAITING, "pool" => s.pool).set(s.waiting as f64);
            }
        });
    }

    pub fn render(&self) -> String {
        self.handle.render()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
