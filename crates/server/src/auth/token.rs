//! `POST /auth/token`: OAuth2 client credentials (RFC 6749 §4.4), with scope narrowing and
//! impersonation of a partner below the client's own (`subject`/`actor`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use jsonwebtoken::{Header, encode};
use serde::Serialize;
use vorgaenge_domain::numbers::is_exact_partner_id;
use vorgaenge_domain::scopes::{Scope, ScopeSet};

use crate::auth::caller::{AccessClaims, ActorClaim};
use crate::auth::client_auth::{authenticate, client_credentials, parse_form};
use crate::auth::failed_logins::Throttled;
use crate::auth::keys::ALGORITHM;
use crate::auth::oauth_error::{OAuthError, no_store_json};
use crate::auth::secrets::random_bytes;
use crate::auth::snapshot::Snapshot;
use crate::state::AppState;

/// The successful answer.
#[derive(Debug, Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    scope: String,
}

pub async fn handler(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let address = connection.map(|Extension(ConnectInfo(peer))| peer.ip());
    match issue(&state, address, &headers, &body).await {
        Ok((token, client_id)) => {
            state.metrics.record(|| {
                metrics::counter!(crate::metrics::TOKENS_ISSUED, "client_id" => client_id.clone())
                    .increment(1);
            });
            let body = serde_json::to_vec(&token).expect("a token response always serialises");
            let mut response = (no_store_json(), body).into_response();
            let who = crate::access_log::Who::Client(client_id);
            response.extensions_mut().insert(who);
            response
        }
        Err(e) => {
            let error = e.error;
            state.metrics.record(|| {
                metrics::counter!(crate::metrics::TOKENS_REFUSED, "error" => error).increment(1);
            });
            e.into_response()
        }
    }
}

async fn issue(
    state: &AppState,
    address: Option<IpAddr>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(TokenResponse, String), OAuthError> {
    let form = parse_form(headers, body)?;
    let credentials = client_credentials(headers, &form)?;
    let client_id = credentials.id.as_str();
    let failed_logins = &state.auth.failed_logins;
    // Before anything is read: a client id or address that failed too often waits.
    if let Some(throttled) = failed_logins.check(client_id, address) {
        tracing::debug!(
            client_id,
            ?address,
            "token request throttled after failed authentications"
        );
        return Err(throttled_error(throttled));
    }

    // Admin changes (new client, locked partner) must count at once, not after the next poll.
    if let Err(e) = state.auth.snapshots.refresh().await {
        tracing::warn!("reloading clients before issuing a token failed: {e}");
    }
    let snapshot = state.auth.snapshots.current();
    let client = authenticate(&snapshot, &credentials).inspect_err(|_| {
        tracing::warn!(client_id, ?address, "client authentication failed");
        if let Some(throttled) = failed_logins.fail(client_id, address) {
            tracing::warn!(
                client_id,
                ?address,
                "too many failed client authentications: token requests refused for {} s",
                throttled.retry_after_secs
            );
        }
    })?;
    // A token request counts against the client's rate limit like any other request.
    let decision = state.auth.rate_limiter.check(&client.client_id).await;
    if !decision.allowed {
        return Err(OAuthError::too_many_requests(
            decision.retry_after_secs,
            format!(
                "Rate limit of client {} reached; try again in {} s",
                client.client_id, decision.retry_after_secs
            ),
        ));
    }

    match form.get("grant_type").map(String::as_str) {
        None => {
            return Err(OAuthError::invalid_request(
                r#"Missing "grant_type" parameter"#,
            ));
        }
        Some("client_credentials") => {}
        Some(other) => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("grant_type {other:?} is not supported; use client_credentials"),
            ));
        }
    }

    let actor = client.partner_id.as_str();
    let directory = &snapshot.directory;
    if directory.get(actor).is_none() || directory.is_locked(actor) {
        return Err(OAuthError::unauthorized_client(format!(
            "Partner {actor} of this client is locked or unknown"
        )));
    }
    let registered = ScopeSet::parse_lenient(client.scopes.iter().map(String::as_str));
    if form.contains_key("subject") && !registered.contains(Scope::Impersonieren) {
        return Err(OAuthError::invalid_scope(
            "A subject requires the scope impersonieren, which this client is not registered for",
        ));
    }
    let subject = impersonated_subject(&snapshot, &form, actor)?;
    let partner = subject.unwrap_or(actor);

    // Production data needs the partner's right too; without it the scope is not granted.
    let grantable = if directory.get(partner).is_some_and(|p| p.echtgeschaeft) {
        registered
    } else {
        registered.without(Scope::Echtgeschaeft)
    };
    let scopes = granted_scopes(form.get("scope").map(String::as_str), grantable)?;
    if subject.is_some() && !scopes.contains(Scope::Impersonieren) {
        return Err(OAuthError::invalid_scope(
            "A subject requires the scope impersonieren (requested and registered for the client)",
        ));
    }

    let config = &state.auth.config;
    let Some((kid, key)) = snapshot.keys.signing_key() else {
        tracing::error!("no signing key in use; the token endpoint cannot sign");
        return Err(OAuthError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "no signing key available",
        ));
    };
    let now = jsonwebtoken::get_current_timestamp() as i64;
    let lifetime = config.token_lifetime.as_secs();
    let claims = AccessClaims {
        iss: config.issuer.clone(),
        sub: partner.to_owned(),
        aud: config.audience.clone(),
        iat: now,
        nbf: now,
        exp: now + lifetime as i64,
        jti: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<16>()),
        client_id: client.client_id.clone(),
        scope: scopes.to_string(),
        act: subject.map(|_| ActorClaim {
            sub: actor.to_owned(),
        }),
    };
    let mut header = Header::new(ALGORITHM);
    header.kid = Some(kid.to_owned());
    let access_token = encode(&header, &claims, key).map_err(|e| {
        tracing::error!("signing a token failed: {e}");
        OAuthError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "signing failed",
        )
    })?;
    let token = TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: lifetime,
        scope: claims.scope,
    };
    Ok((token, client.client_id.clone()))
}

fn throttled_error(throttled: Throttled) -> OAuthError {
    let whose = if throttled.by_client {
        "this client id"
    } else {
        "this address"
    };
    OAuthError::too_many_requests(
        throttled.retry_after_secs,
        format!(
            "Too many failed client authentications for {whose}; try again in {} s",
            throttled.retry_after_secs
        ),
    )
}

/// `subject` (optionally with `actor`): the partner below the client's own that the token
/// will act for.
fn impersonated_subject<'a>(
    snapshot: &Snapshot,
    form: &'a HashMap<String, String>,
    actor: &str,
) -> Result<Option<&'a str>, OAuthError> {
    let subject = form.get("subject").map(String::as_str);
    if let Some(given) = form.get("actor")
        && given != actor
    {
        return Err(OAuthError::unauthorized_client(
            "Unauthorized client: Actor not found (the actor must be the client's partner)",
        ));
    }
    let Some(subject) = subject else {
        if form.contains_key("actor") {
            return Err(OAuthError::invalid_request(
                "actor is only allowed together with subject",
            ));
        }
        return Ok(None);
    };
    if !is_exact_partner_id(subject) {
        return Err(OAuthError::invalid_request(format!(
            "subject {subject:?} is not a partner id (three capital letters, two digits)"
        )));
    }
    let directory = &snapshot.directory;
    if directory.get(subject).is_none() {
        return Err(OAuthError::unauthorized_client(
            "Unauthorized client: Subject not found",
        ));
    }
    if !directory.is_below(subject, actor) {
        return Err(OAuthError::unauthorized_client(format!(
            "Unauthorized client: subject {subject} is not below the actor {actor}"
        )));
    }
    if directory.is_locked(subject) {
        return Err(OAuthError::unauthorized_client(format!(
            "Unauthorized client: subject {subject} is locked"
        )));
    }
    Ok(Some(subject))
}

/// The scopes granted for a request: none requested means all grantable ones; otherwise the
/// requested ones narrowed to what is grantable (RFC 6749 §3.3: the answer's `scope` says
/// what was granted), as Europace's authorization server does. A name that is no scope of
/// the platform is refused, and so is a request of which nothing can be granted.
fn granted_scopes(requested: Option<&str>, grantable: ScopeSet) -> Result<ScopeSet, OAuthError> {
    let requested = match requested.map(str::trim) {
        None | Some("") => return Ok(grantable),
        Some(text) => text,
    };
    let set = ScopeSet::parse(requested).map_err(|e| {
        OAuthError::invalid_scope(format!("Invalid, unknown or malformed scope: {}", e.0))
    })?;
    let granted = set.intersection(grantable);
    if granted.is_empty() {
        let refused: Vec<&str> = set.iter().map(Scope::as_str).collect();
        return Err(OAuthError::invalid_scope(format!(
            "None of the requested scopes is granted to this client or partner: {}",
            refused.join(" ")
        )));
    }
    Ok(granted)
}
