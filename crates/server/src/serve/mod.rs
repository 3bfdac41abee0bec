//! Serving the application over HTTP/1.1 with the bounds a service facing untrusted clients
//! needs: a cap on open connections, timeouts for a request's head, its body and an idle
//! connection, a limit on the head's size, and answers that reach a client still sending;
//! over TLS too ([`serve_tls_with`]), the handshake counting toward the head's time.

mod connection;
mod limits;
mod request_body;
mod tls;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, Response, header};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tower::{Layer, Service};
use tower_http::catch_panic::CatchPanicLayer;

use connection::{CutOffReport, Phase, TimedStream};
pub use limits::ConnectionLimits;
pub use request_body::{BodyTimeout, GuardedBody, is_body_timeout};
use request_body::{Rest, guard};
pub use tls::{POLL_INTERVAL, ReloadingCert, TlsFiles};

/// What the connection reads of a body the handler left, before it answers: enough for any
/// body the API takes, so that such a client reads its status instead of a reset.
const DRAIN_MAX_BYTES: usize = 16 * 1024 * 1024;

/// How often a limit that keeps biting (the connection cap, the header timeout) is logged at
/// most: under an attack it bites thousands of times, and a line each would flood the log.
const REPORT_INTERVAL: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets the
/// requests in flight finish.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_connections(listener, app, limits, None, shutdown).await
}

/// [`serve_with`] over TLS with the certificate `cert` holds at each handshake.
pub async fn serve_tls_with(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    cert: Arc<ReloadingCert>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = cert.acceptor().map_err(std::io::Error::other)?;
    serve_connections(listener, app, limits, Some(acceptor), shutdown).await
}

async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = limits.fitted();
    // Inside the trace layer, so a panic becomes a 500 that still gets the error body.
    let app =
        axum::middleware::from_fn(crate::trace::layer).layer(CatchPanicLayer::new().layer(app));
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // The head's deadline is kept by `TimedStream`, which tells it from idle time.
    http.timer(TokioTimer::new())
        .header_read_timeout(None)
        .max_header_size(limits.max_header_bytes);
    let mut shutdown = pin!(shutdown);
    let mut last_limit_log: Option<Instant> = None;
    let cut_off = Arc::new(CutOffReport::default());
    loop {
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if last_limit_log.is_none_or(|t| t.elapsed() >= REPORT_INTERVAL) {
                    tracing::warn!(
                        "connection limit of {} reached: new connections wait until one closes",
                        limits.max_connections
                    );
                    last_limit_log = Some(Instant::now());
                }
                tokio::select! {
                    permit = permits.clone().acquire_owned() => {
                        permit.expect("the semaphore is never closed")
                    }
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let phase = Phase::new();
        let stream = TimedStream::new(stream, phase.clone(), limits, peer, cut_off.clone());
        let service = ConnectionService {
            app: app.clone(),
            phase,
            peer,
            body_timeout: limits.body_timeout,
        };
        let Some(acceptor) = &tls else {
            let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(%peer, "connection ended: {e}");
                }
                drop(permit);
            });
            continue;
        };
        let handshake = acceptor.accept(stream);
        let http = http.clone();
        let watcher = graceful.watcher();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            // The stream's reads are bounded already; this bounds a client that sends its
            // hello and then reads nothing of the answer, as well as one that sends nothing.
            let stream = match tokio::time::timeout(header_timeout, handshake).await {
                Ok(Ok(stream)) => stream,
                Ok(Err(e)) => {
                    tracing::debug!(%peer, "TLS handshake failed: {e}");
                    return;
                }
                Err(_) => {
                    tracing::debug!(%peer, "TLS handshake not done within the header timeout");
                    return;
                }
            };
            let connection = watcher.watch(http.serve_connection(TokioIo::new(stream), service));
            if let Err(e) = connection.await {
                tracing::debug!(%peer, "connection ended: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// A failed accept: per-connection errors are the client's; anything else (out of file
/// descriptors) is logged and retried after a pause instead of spinning.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accepting a connection failed: {e}");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// The requests of one connection.
#[derive(Debug, Clone)]
struct ConnectionService<S> {
    app: S,
    phase: Arc<Phase>,
    peer: SocketAddr,
    body_timeout: Duration,
}

type Answer = Response<PhaseBody>;

impl<S> hyper::service::Service<Request<Incoming>> for ConnectionService<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    type Response = Answer;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Answer, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        self.phase.request_started();
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(ConnectInfo(self.peer));
        let mut app = self.app.clone();
        let phase = self.phase.clone();
        let peer = self.peer;
        // A request without a body (every GET) goes straight through.
        let held = (!http_body::Body::is_end_stream(&body)).then(|| guard(body, self.body_timeout));
        let expects_continue = parts
            .headers
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        Box::pin(async move {
            let (held, request) = match held {
                Some((held, view)) => (Some(held), Request::from_parts(parts, Body::new(view))),
                None => (None, Request::from_parts(parts, Body::empty())),
            };
            let mut response = match app.call(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if let Some(held) = held {
                let rest = held.drain(DRAIN_MAX_BYTES, expects_continue).await;
                if rest != Rest::None {
                    // The body was not the handler's to the end: no second request on it.
                    response
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                if let Rest::Abandoned(why) = rest {
                    tracing::info!(%peer, status = %response.status(), "answering before the whole request body arrived ({why}); closing the connection");
                }
            }
            Ok(response.map(|body| PhaseBody { body, phase }))
        })
    }
}

/// A response body that marks its connection idle once hyper is done with it.
#[derive(Debug)]
pub struct PhaseBody {
    body: Body,
    phase: Arc<Phase>,
}

impl Drop for PhaseBody {
    fn drop(&mut self) {
        self.phase.response_done();
    }
}

impl http_body::Body for PhaseBody {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
