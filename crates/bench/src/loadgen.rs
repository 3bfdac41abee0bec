//! The in-process load generator: keep-alive HTTP/1.1 connections (hyper's low-level client,
//! no pool) each sending one request after the other, as fast as the server answers.
//!
//! It runs on the caller's runtime, which `main` builds with a single thread so that the
//! generator takes at most one core away from the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{SendRequest, handshake};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

use crate::histogram::Histogram;

/// One keep-alive connection to the server.
#[derive(Debug)]
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: HeaderValue,
    /// Sent with every [`Connection::get`] (not with [`Connection::send`], whose target
    /// carries its own headers).
    authorization: Option<HeaderValue>,
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> anyhow::Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .with_context(|| format!("cannot connect to {addr}"))?;
        // Requests are small and answered one at a time: Nagle would only add delay.
        stream.set_nodelay(true)?;
        let (sender, connection) = handshake(TokioIo::new(stream)).await?;
        // The connection future does the actual I/O; it ends when the sender is dropped.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Self {
            sender,
            host: HeaderValue::from_str(&addr.to_string())?,
            authorization: None,
        })
    }

    /// Sends `Authorization: Bearer <token>` with every later [`Connection::get`].
    pub fn set_bearer(&mut self, token: &str) -> anyhow::Result<()> {
        self.authorization = Some(bearer(token)?);
        Ok(())
    }

    /// GETs `path` (origin form, `/v2/…?…`) and reads the whole body. The body is only
    /// counted unless `keep` is set, so the load runs allocate nothing per request.
    pub async fn get(&mut self, path: &str, keep: bool) -> anyhow::Result<Answer> {
        let mut builder = Request::get(path).header(header::HOST, self.host.clone());
        if let Some(authorization) = &self.authorization {
            builder = builder.header(header::AUTHORIZATION, authorization.clone());
        }
        self.exchange(builder.body(Full::new(Bytes::new()))?, keep)
            .await
    }

    /// Sends one request of `target` to `path`, with its fixed body (a target whose body
    /// varies per request is driven by [`run`] only).
    pub async fn send(
        &mut self,
        target: &Target,
        path: &str,
        keep: bool,
    ) -> anyhow::Result<Answer> {
        let Body::Fixed(body) = &target.body else {
            bail!("the target's body varies per request; only the load run can send it");
        };
        self.send_body(target, path, body.clone(), keep).await
    }

    async fn send_body(
        &mut self,
        target: &Target,
        path: &str,
        body: Bytes,
        keep: bool,
    ) -> anyhow::Result<Answer> {
        let mut builder = Request::builder()
            .method(target.method.clone())
            .uri(path)
            .header(header::HOST, self.host.clone());
        for (name, value) in target.headers.iter() {
            builder = builder.header(name, value.clone());
        }
        self.exchange(builder.body(Full::new(body))?, keep).await
    }

    async fn exchange(
        &mut self,
        request: Request<Full<Bytes>>,
        keep: bool,
    ) -> anyhow::Result<Answer> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
        // A failure's body is kept to name it in the report.
        let keep = keep || !status.is_success();
        let mut body = response.into_body();
        let mut len = 0;
        let mut kept = Vec::new();
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame?.into_data() {
                len += data.len();
                if keep {
                    kept.extend_from_slice(&data);
                }
            }
        }
        Ok(Answer {
            status,
            len,
            body: Bytes::from(kept),
        })
    }
}

/// `Bearer <token>` as a header value.
pub fn bearer(token: &str) -> anyhow::Result<HeaderValue> {
    HeaderValue::from_str(&format!("Bearer {token}")).context("the token is not a header value")
}

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub len: usize,
    /// Empty unless asked to keep it or the status is not 2xx.
    pub body: Bytes,
}

/// Statuses a write counts as acknowledged.
pub const WRITE_ACKNOWLEDGED: &[StatusCode] = &[StatusCode::OK, StatusCode::CREATED];

/// What each request of a run sends: method and headers are fixed, the path is one of
/// `paths`, picked uniformly at random per request when there are several, and the body is
/// fixed or made per request (see [`Body`]).
#[derive(Debug, Clone)]
pub struct Target {
    method: Method,
    paths: Arc<[String]>,
    headers: Arc<[(HeaderName, HeaderValue)]>,
    body: Body,
    /// The statuses that count as answered; `None`: any 2xx.
    accepted: Option<&'static [StatusCode]>,
}

/// The body of each request.
#[derive(Debug, Clone)]
enum Body {
    /// The same with every request.
    Fixed(Bytes),
    /// A JSON Patch replacing `/externeVorgangsNummer` by `bench-<n>`, `n` taken from the
    /// counter (shared by all connections), so that no two requests send the same value and
    /// every one changes its case whatever ran before or beside it.
    ExterneVorgangsNummer(Arc<AtomicU64>),
    /// `{"partnerId": …}` alternating per path between the two of `pairs[i]`, starting with
    /// the first. Path `i` is sent on connection `i % connections` only, so the requests of
    /// a path are answered one after the other and each one changes its case.
    Alternating {
        pairs: Arc<[[Bytes; 2]]>,
        /// Per path: whether the next request sends the second of its pair.
        second: Arc<[AtomicBool]>,
    },
}

impl Target {
    /// GET of the same path every time.
    pub fn get(path: impl Into<String>) -> Self {
        Self::get_random(vec![path.into()])
    }

    /// GET of a path picked at random per request.
    pub fn get_random(paths: Vec<String>) -> Self {
        Self {
            method: Method::GET,
            paths: paths.into(),
            headers: Arc::new([]),
            body: Body::Fixed(Bytes::new()),
            accepted: None,
        }
    }

    /// POST of a form (`application/x-www-form-urlencoded`) to the same path every time.
    pub fn post_form(path: impl Into<String>, form: impl Into<Bytes>) -> Self {
        Self {
            method: Method::POST,
            paths: vec![path.into()].into(),
            headers: Arc::new([]),
            body: Body::Fixed(form.into()),
            accepted: None,
        }
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
    }

    /// PATCH (`application/json-patch+json`) of a case picked at random per request, setting
    /// `externeVorgangsNummer` to `bench-<n>` with `n` counting up from `first`: pick
    /// `first` above every value sent before (e.g. the time in µs) and every request writes.
    /// Only 200 and 201 count as acknowledged.
    pub fn patch_externe_vorgangs_nummer(case_paths: Vec<String>, first: u64) -> Self {
        Self {
            method: Method::PATCH,
            paths: case_paths.into(),
            headers: Arc::new([]),
            body: Body::ExterneVorgangsNummer(Arc::new(AtomicU64::new(first))),
            accepted: Some(WRITE_ACKNOWLEDGED),
        }
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json-patch+json"),
        )
    }

    /// PUT `{"partnerId": …}` to `paths[i]`, alternating between the two partners of
    /// `pairs[i]` (the first first), each path on one connection only; only 200 and 201
    /// count as acknowledged. Connections beyond the number of paths stay idle.
    pub fn put_alternating(paths: Vec<String>, pairs: Vec<[String; 2]>) -> Self {
        assert_eq!(paths.len(), pairs.len(), "one pair per path");
        let body = |id: &str| Bytes::from(serde_json::json!({ "partnerId": id }).to_string());
        let second: Vec<AtomicBool> = pairs.iter().map(|_| AtomicBool::new(false)).collect();
        Self {
            method: Method::PUT,
            paths: paths.into(),
            headers: Arc::new([]),
            body: Body::Alternating {
                pairs: pairs.iter().map(|[a, b]| [body(a), body(b)]).collect(),
                second: second.into(),
            },
            accepted: Some(WRITE_ACKNOWLEDGED),
        }
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )
    }

    /// The same target with one more header on every request.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        let mut headers = self.headers.to_vec();
        headers.push((name, value));
        self.headers = headers.into();
        self
    }

    /// The same target with `Authorization: Bearer <token>`.
    pub fn with_bearer(self, token: &str) -> anyhow::Result<Self> {
        Ok(self.with_header(header::AUTHORIZATION, bearer(token)?))
    }

    /// Whether `status` counts as answered.
    pub fn accepts(&self, status: StatusCode) -> bool {
        match self.accepted {
            Some(accepted) => accepted.contains(&status),
            None => status.is_success(),
        }
    }

    /// Path and body of the next request of `connection` (of `connections`); `None` when
    /// the connection has nothing to send.
    fn next(
        &self,
        connection: usize,
        connections: usize,
        rng: &mut SmallRng,
    ) -> Option<(&str, Bytes)> {
        let random = |rng: &mut SmallRng| match &*self.paths {
            [one] => one.as_str(),
            paths => &paths[rng.random_range(0..paths.len())],
        };
        Some(match &self.body {
            Body::Fixed(body) => (random(rng), body.clone()),
            Body::ExterneVorgangsNummer(counter) => {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let patch = format!(
                    r#"[{{"op":"replace","path":"/externeVorgangsNummer","value":"bench-{n}"}}]"#
                );
                (random(rng), Bytes::from(patch))
            }
            Body::Alternating { pairs, second } => {
                let i = own_index(self.paths.len(), connection, connections, rng)?;
                let was_second = second[i].fetch_xor(true, Ordering::Relaxed);
                (
                    self.paths[i].as_str(),
                    pairs[i][usize::from(was_second)].clone(),
                )
            }
        })
    }
}

/// A random index among `0..len` that belongs to `connection`: those `≡ connection` modulo
/// `connections`.
fn own_index(
    len: usize,
    connection: usize,
    connections: usize,
    rng: &mut SmallRng,
) -> Option<usize> {
    if connection >= len {
        return None;
    }
    let owned = (len - 1 - connection) / connections + 1;
    Some(connection + rng.random_range(0..owned) * connections)
}

/// How long to drive load and how.
#[derive(Debug, Clone, Copy)]
pub struct LoadSpec {
    pub connections: usize,
    /// Load before measuring starts: fills caches, opens lazily created resources.
    pub warmup: Duration,
    pub measure: Duration,
}

/// The outcome of one load run, over the measured window only (but for the counts outside
/// it, which a write run needs to account for every change it made).
#[derive(Debug, Clone, Default)]
pub struct LoadResult {
    /// Requests sent after the warmup and answered within the window, whatever the status.
    pub requests: u64,
    /// Of those, answered with a status the target does not accept.
    pub failures: u64,
    /// Accepted answers outside the window: during the warmup, or sent in the window and
    /// answered after it.
    pub accepted_outside: u64,
    /// Not accepted outside the window: a warmup error is an error too.
    pub failures_outside: u64,
    /// The first failure: status and the start of its body, to name in the error.
    pub first_failure: Option<String>,
    pub bytes: u64,
    pub latency: Histogram,
    pub seconds: f64,
}

impl LoadResult {
    /// Accepted answers per second of the window (every answer of a read run, which fails
    /// on any other).
    pub fn requests_per_second(&self) -> f64 {
        (self.requests - self.failures) as f64 / self.seconds.max(1e-9)
    }

    pub fn mean_body(&self) -> f64 {
        self.bytes as f64 / (self.requests.max(1)) as f64
    }

    /// Failures in and outside the window.
    pub fn all_failures(&self) -> u64 {
        self.failures + self.failures_outside
    }

    /// Accepted answers in and outside the window: for a write run, every change made.
    pub fn all_accepted(&self) -> u64 {
        self.requests - self.failures + self.accepted_outside
    }

    fn note_failure(&mut self, answer: &Answer) {
        if self.first_failure.is_none() {
            let body = String::from_utf8_lossy(&answer.body);
            let mut text = answer.status.to_string();
            if !body.trim().is_empty() {
                text.push_str(": ");
                text.extend(body.trim().chars().take(300));
            }
            self.first_failure = Some(text);
        }
    }
}

/// Drives `spec.connections` connections for warmup + measure. A request counts if it was
/// sent after the warmup ended and answered before the window closed, so the rate is not
/// inflated by requests started during warmup.
pub async fn run(addr: SocketAddr, target: Target, spec: LoadSpec) -> anyhow::Result<LoadResult> {
    let started = Instant::now();
    let measure_from = started + spec.warmup;
    let measure_until = measure_from + spec.measure;
    let connections = spec.connections;
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..connections {
        let target = target.clone();
        let mut connection = Connection::open(addr).await?;
        tasks.spawn(async move {
            let mut rng = SmallRng::seed_from_u64(index as u64);
            let mut result = LoadResult::default();
            loop {
                let sent = Instant::now();
                if sent >= measure_until {
                    break;
                }
                let Some((path, body)) = target.next(index, connections, &mut rng) else {
                    break;
                };
                let answer = connection.send_body(&target, path, body, false).await?;
                let done = Instant::now();
                let accepted = target.accepts(answer.status);
                if sent >= measure_from && done <= measure_until {
                    result.requests += 1;
                    result.bytes += answer.len as u64;
                    result.latency.record(done - sent);
                    if !accepted {
                        result.failures += 1;
                        result.note_failure(&answer);
                    }
                } else if accepted {
                    result.accepted_outside += 1;
                } else {
                    result.failures_outside += 1;
                    result.note_failure(&answer);
                }
            }
            anyhow::Ok(result)
        });
    }
    let mut total = LoadResult {
        seconds: spec.measure.as_secs_f64(),
        ..LoadResult::default()
    };
    while let Some(joined) = tasks.join_next().await {
        let one = joined.context("a load connection panicked")??;
        total.requests += one.requests;
        total.failures += one.failures;
        total.accepted_outside += one.accepted_outside;
        total.failures_outside += one.failures_outside;
        total.first_failure = total.first_failure.or(one.first_failure);
        total.bytes += one.bytes;
        total.latency.merge(&one.latency);
    }
    if total.requests == 0 {
        bail!("no request completed in the measured window");
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_own_disjoint_paths() {
        let mut rng = SmallRng::seed_from_u64(1);
        for _ in 0..100 {
            let i = own_index(10, 3, 4, &mut rng).unwrap();
            assert!(i == 3 || i == 7, "{i}");
            assert_eq!(own_index(10, 1, 20, &mut rng), Some(1));
        }
        assert_eq!(own_index(3, 5, 8, &mut rng), None);
    }

    #[test]
    fn every_write_changes_something() {
        let mut rng = SmallRng::seed_from_u64(1);
        let patch = Target::patch_externe_vorgangs_nummer(vec!["/v2/vorgaenge/A".into()], 7);
        let (_, first) = patch.next(0, 2, &mut rng).unwrap();
        let (_, second) = patch.next(1, 2, &mut rng).unwrap();
        assert_eq!(
            &first[..],
            br#"[{"op":"replace","path":"/externeVorgangsNummer","value":"bench-7"}]"#
        );
        assert!(second.ends_with(br#""bench-8"}]"#));

        let put = Target::put_alternating(
            vec!["/a".into(), "/b".into()],
            vec![
                ["BER12".into(), "BER11".into()],
                ["HAM21".into(), "HAM22".into()],
            ],
        );
        let sent: Vec<(String, Bytes)> = (0..3)
            .map(|_| {
                let (path, body) = put.next(1, 2, &mut rng).unwrap();
                (path.to_owned(), body)
            })
            .collect();
        assert!(sent.iter().all(|(path, _)| path == "/b"));
        let bodies: Vec<&[u8]> = sent.iter().map(|(_, b)| &b[..]).collect();
        assert_eq!(
            bodies,
            [
                br#"{"partnerId":"HAM21"}"#.as_slice(),
                br#"{"partnerId":"HAM22"}"#,
                br#"{"partnerId":"HAM21"}"#
            ]
        );
        assert!(put.accepts(StatusCode::CREATED) && !put.accepts(StatusCode::NO_CONTENT));
    }
}
