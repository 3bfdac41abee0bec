//! One log line per request, written when its answer leaves: what an operator looks for when
//! a client reports a problem. It names the route's template rather than the path, so that
//! lines of one operation read alike, and who called (client, partner, acting partner), but
//! never a token, a secret or any other header.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::caller::Caller;

/// The log target of these lines: `VORGAENGE_LOG=info,vorgaenge::access=off` silences them.
pub const TARGET: &str = "vorgaenge::access";

/// Who made a request, as the token gate or the token endpoint found out; carried out on the
/// response for the line.
#[derive(Debug, Clone)]
pub enum Who {
    /// A bearer token's caller.
    Caller(Arc<Caller>),
    /// A client that authenticated at the token endpoint.
    Client(String),
}

/// Carries the matched route's template out on the response: the trace layer, which writes
/// the line, runs outside the router and never sees it otherwise. The outermost router does
/// it in [`crate::observe::ObserveLayer`], a router nested inside as a layer of its own.
pub async fn note_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    carry_route(route, &mut response);
    response
}

/// Puts the request's matched route on its response, unless a router nested inside (the
/// Kundenangaben API's) put its finer template there already.
pub(crate) fn carry_route(route: Option<MatchedPath>, response: &mut Response) {
    if let Some(route) = route
        && response.extensions().get::<MatchedPath>().is_none()
    {
        response.extensions_mut().insert(route);
    }
}

/// Writes the line of one answered request.
pub(crate) fn write(trace_id: &str, method: &Method, started: Instant, response: &Response) {
    let status: StatusCode = response.status();
    let route = response.extensions().get::<MatchedPath>();
    let route = route.map_or("-", MatchedPath::as_str);
    // Whole microseconds: a float of nanoseconds prints as 0.6111909999999999.
    let latency_ms = started.elapsed().as_micros() as f64 / 1000.0;
    let (client_id, partner, actor) = match response.extensions().get::<Who>() {
        Some(Who::Caller(c)) => (
            Some(c.client_id.as_str()),
            Some(c.partner.as_str()),
            c.actor.as_deref(),
        ),
        Some(Who::Client(id)) => (Some(id.as_str()), None, None),
        None => (None, None, None),
    };
    tracing::info!(
        target: TARGET,
        trace_id,
        %method,
        route,
        status = status.as_u16(),
        latency_ms,
        client_id,
        partner,
        acting_partner = actor,
        "request"
    );
}
