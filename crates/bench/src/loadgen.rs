//! The in-process load generator: keep-alive HTTP/1.1 connections (hyper's low-level client,
//! no pool) each sending one request after the other, as fast as the server answers.
//!
//! It runs on the caller's runtime, which `main` builds with a single thread so that the
//! generator takes at most one core away from the server.

use std::net::SocketAddr;
use std::sync::Arc;
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

    /// Sends one request of `target` to `path`.
    pub async fn send(
        &mut self,
        target: &Target,
        path: &str,
        keep: bool,
    ) -> anyhow::Result<Answer> {
        let mut builder = Request::builder()
            .method(target.method.clone())
            .uri(path)
            .header(header::HOST, self.host.clone());
        for (name, value) in target.headers.iter() {
            builder = builder.header(name, value.clone());
        }
        self.exchange(builder.body(Full::new(target.body.clone()))?, keep)
            .await
    }

    async fn exchange(
        &mut self,
        request: Request<Full<Bytes>>,
        keep: bool,
    ) -> anyhow::Result<Answer> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
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
    /// Empty unless asked to keep it.
    pub body: Bytes,
}

/// What each request of a run sends: method, headers and body are fixed, the path is one of
/// `paths`, picked uniformly at random per request when there are several.
#[derive(Debug, Clone)]
pub struct Target {
    method: Method,
    paths: Arc<[String]>,
    headers: Arc<[(HeaderName, HeaderValue)]>,
    body: Bytes,
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
            body: Bytes::new(),
        }
    }

    /// POST of a form (`application/x-www-form-urlencoded`) to the same path every time.
    pub fn post_form(path: impl Into<String>, form: impl Into<Bytes>) -> Self {
        Self {
            method: Method::POST,
            paths: vec![path.into()].into(),
            headers: Arc::new([]),
            body: form.into(),
        }
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
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

    fn pick<'a>(&'a self, rng: &mut SmallRng) -> &'a str {
        match &*self.paths {
            [one] => one,
            paths => &paths[rng.random_range(0..paths.len())],
        }
    }
}

/// How long to drive load and how.
#[derive(Debug, Clone, Copy)]
pub struct LoadSpec {
    pub connections: usize,
    /// Load before measuring starts: fills caches, opens lazily created resources.
    pub warmup: Duration,
    pub measure: Duration,
}

/// The outcome of one load run, over the measured window only.
#[derive(Debug, Clone, Default)]
pub struct LoadResult {
    pub requests: u64,
    pub non_2xx: u64,
    /// The first non-2xx status seen, to name in the error.
    pub first_failure: Option<StatusCode>,
    pub bytes: u64,
    pub latency: Histogram,
    pub seconds: f64,
}

impl LoadResult {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }

    pub fn mean_body(&self) -> f64 {
        self.bytes as f64 / (self.requests.max(1)) as f64
    }

    fn failed(&mut self, status: StatusCode) {
        self.non_2xx += 1;
        self.first_failure.get_or_insert(status);
    }
}

/// Drives `spec.connections` connections for warmup + measure. A request counts if it was
/// sent after the warmup ended and answered before the window closed, so the rate is not
/// inflated by requests started during warmup.
pub async fn run(addr: SocketAddr, target: Target, spec: LoadSpec) -> anyhow::Result<LoadResult> {
    let started = Instant::now();
    let measure_from = started + spec.warmup;
    let measure_until = measure_from + spec.measure;
    let mut tasks = tokio::task::JoinSet::new();
    for seed in 0..spec.connections {
        let target = target.clone();
        let mut connection = Connection::open(addr).await?;
        tasks.spawn(async move {
            let mut rng = SmallRng::seed_from_u64(seed as u64);
            let mut result = LoadResult::default();
            loop {
                let sent = Instant::now();
                if sent >= measure_until {
                    break;
                }
                let path = target.pick(&mut rng);
                let answer = connection.send(&target, path, false).await?;
                let done = Instant::now();
                if sent >= measure_from && done <= measure_until {
                    result.requests += 1;
                    result.bytes += answer.len as u64;
                    result.latency.record(done - sent);
                    if !answer.status.is_success() {
                        result.failed(answer.status);
                    }
                } else if !answer.status.is_success() {
                    // Outside the window still must not fail: a warmup error is an error.
                    result.failed(answer.status);
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
        total.non_2xx += one.non_2xx;
        total.first_failure = total.first_failure.or(one.first_failure);
        total.bytes += one.bytes;
        total.latency.merge(&one.latency);
    }
    if total.requests == 0 {
        bail!("no request completed in the measured window");
    }
    Ok(total)
}
