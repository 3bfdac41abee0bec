//! `/.well-known/jwks.json` and `/.well-known/oauth-authorization-server` (RFC 8414).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vorgaenge_domain::scopes::Scope;

use crate::state::AppState;

/// The public keys of every token that may still be live.
pub async fn jwks(State(state): State<AppState>) -> Response {
    let jwks = state.auth.snapshots.current().keys.jwks().clone();
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            // Short: a rotated-in key must reach verifiers long before old tokens expire.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=60"),
            ),
        ],
        jwks,
    )
        .into_response()
}

/// Where the token endpoint and the keys are, and what the server supports.
pub async fn metadata(State(state): State<AppState>) -> Response {
    let base = state.public_url.base();
    let body = json!({
        "issuer": state.auth.config.issuer,
        "token_endpoint": format!("{base}/auth/token"),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "response_types_supported": ["token"],
        "scopes_supported": Scope::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    });
    crate::http::json_value(&body)
}
