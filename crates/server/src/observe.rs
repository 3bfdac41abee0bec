//! What the router notes of every request: its count and latency for the metrics, and its
//! route's template for the access log; and `GET /metrics`, which shows the counts.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use crate::metrics::UNMATCHED;
use crate::state::AppState;

/// Counts and times every routed request, and carries the route's template out on the
/// response for the access log (the trace layer that writes it runs outside the router).
///
/// A layer of its own rather than `middleware::from_fn`: this runs on every request, and
/// `from_fn` boxes the rest of the stack and its future per request, which cost the GET of a
/// case several per cent of its throughput.
#[derive(Clone, Debug)]
pub struct ObserveLayer {
    state: AppState,
}

impl ObserveLayer {
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

impl<S> Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Observe<S> {
        Observe {
            inner,
            state: self.state.clone(),
        }
    }
}

/// The service [`ObserveLayer`] puts around each route.
#[derive(Clone, Debug)]
pub struct Observe<S> {
    inner: S,
    state: AppState,
}

impl<S> Service<Request> for Observe<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Observed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let method = request.method().clone();
        let route = request.extensions().get::<MatchedPath>().cloned();
        Observed {
            inner: self.inner.call(request),
            started: Instant::now(),
            method,
            route,
            state: self.state.clone(),
        }
    }
}

pin_project! {
    /// A request on its way through the route, with what its metrics need.
    pub struct Observed<F> {
        #[pin]
        inner: F,
        started: Instant,
        method: Method,
        route: Option<MatchedPath>,
        state: AppState,
    }
}

impl<F> Future for Observed<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(mut response) = ready!(this.inner.poll(cx));
        crate::access_log::carry_route(this.route.take(), &mut response);
        let label = response
            .extensions()
            .get::<MatchedPath>()
            .map_or(UNMATCHED, MatchedPath::as_str);
        let seconds = this.started.elapsed().as_secs_f64();
        this.state
            .metrics
            .request(label, this.method, response.status(), seconds);
        Poll::Ready(Ok(response))
    }
}

/// GET /metrics: no token, like a load balancer's health check; it shows counts, no data.
pub async fn handler(State(state): State<AppState>) -> Response {
    state.metrics.pools(&state.cases.pool_stats());
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
