//! The resource server's gate: every case operation needs `Authorization: Bearer <token>`.
//!
//! The gate verifies the token (or finds it in the cache), checks what may have changed
//! since it was issued (client disabled, partner locked), counts the request against the
//! client's rate limit, and hands the handler an [`Authenticated`] caller. Every response it
//! lets through carries the `RateLimit-*` headers.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::caller::{Authenticated, Caller};
use crate::auth::rate_limit::RateDecision;
use crate::auth::snapshot::Snapshot;
use crate::error::ApiError;
use crate::state::AppState;

/// The caller the token gate let through. A route that somehow misses the gate finds no
/// caller: nobody was authenticated, and that is a 401, never a case.
impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Authenticated>()
            .cloned()
            .ok_or_else(|| {
                tracing::error!("a case route without the token gate was called");
                missing_token()
            })
    }
}

const REALM: &str = "Vorgaenge API";

fn invalid_token(message: impl Into<String>, description: &str) -> ApiError {
    ApiError::Unauthorized {
        message: message.into(),
        challenge: format!(
            r#"Bearer realm="{REALM}", error="invalid_token", error_description="{description}""#
        ),
    }
}

/// The answer to a request without credentials (RFC 6750 §3.1: the challenge without an
/// error); also what a route answers whose token gate is missing, rather than a 500.
pub fn missing_token() -> ApiError {
    ApiError::Unauthorized {
        message: "Authorization-Header mit Bearer-Token fehlt".to_owned(),
        challenge: format!(r#"Bearer realm="{REALM}""#),
    }
}

/// The token of `Authorization: Bearer …`.
fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(missing_token());
    };
    let value = value
        .to_str()
        .map_err(|_| invalid_token("Authorization-Header ist kein ASCII", "malformed header"))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(invalid_token(
            "Authorization-Header muss die Form 'Bearer <token>' haben",
            "expected Bearer scheme",
        )),
    }
}

/// The middleware on every case route.
pub async fn require_token(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let (authenticated, decision) = match admit(&state, req.headers()).await {
        Ok(admitted) => admitted,
        Err((error, decision)) => {
            let mut response = error.into_response();
            if let Some(decision) = decision {
                rate_limit_headers(response.headers_mut(), &decision);
            }
            return response;
        }
    };
    let who = crate::access_log::Who::Caller(authenticated.caller.clone());
    req.extensions_mut().insert(authenticated);
    let mut response = next.run(req).await;
    rate_limit_headers(response.headers_mut(), &decision);
    response.extensions_mut().insert(who);
    response
}

type Refusal = (ApiError, Option<RateDecision>);

async fn admit(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Authenticated, RateDecision), Refusal> {
    let auth = &state.auth;
    let token = bearer_token(headers).map_err(|e| (e, None))?;
    let caller = auth
        .verifier
        .verify(token, &auth.snapshots)
        .await
        .map_err(|r| (invalid_token(r.message, r.description), None))?;
    let snapshot = auth.snapshots.current();
    still_valid(&caller, &snapshot).map_err(|e| (e, None))?;

    let decision = auth.rate_limiter.check(&caller.rate_key).await;
    if !decision.allowed {
        state
            .metrics
            .record(|| metrics::counter!(crate::metrics::RATE_LIMITED).increment(1));
        let error = ApiError::TooManyRequests {
            retry_after: decision.retry_after_secs,
        };
        return Err((error, Some(decision)));
    }
    Ok((Authenticated { caller, snapshot }, decision))
}

/// What can change after a token was issued: the client gets disabled, a partner locked.
fn still_valid(caller: &Caller, snapshot: &Snapshot) -> Result<(), ApiError> {
    if !caller.external {
        match snapshot.clients.get(&caller.client_id) {
            Some(client) if !client.disabled => {}
            _ => {
                return Err(invalid_token(
                    "Client ist deaktiviert oder unbekannt",
                    "client disabled",
                ));
            }
        }
    }
    for partner in std::iter::once(&caller.partner).chain(caller.actor.as_ref()) {
        if snapshot.directory.get(partner).is_none() {
            return Err(invalid_token(
                format!("Partner {partner} ist unbekannt"),
                "unknown partner",
            ));
        }
        if snapshot.directory.is_locked(partner) {
            return Err(invalid_token(
                format!("Partner {partner} ist gesperrt"),
                "partner locked",
            ));
        }
    }
    Ok(())
}

fn rate_limit_headers(headers: &mut HeaderMap, decision: &RateDecision) {
    headers.insert("ratelimit-limit", HeaderValue::from(decision.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(decision.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(decision.reset_secs));
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use tower::Service;

    use super::Authenticated;

    #[tokio::test]
    async fn a_route_without_the_token_gate_answers_401() {
        let mut app = Router::new()
            .route(
                "/schreiben",
                post(|_: Authenticated| async { "geschrieben" }),
            )
            .layer(axum::middleware::from_fn(crate::trace::layer));
        let request = Request::post("/schreiben").body(Body::empty()).unwrap();
        let response = app.call(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().contains_key("www-authenticate"));
    }
}
