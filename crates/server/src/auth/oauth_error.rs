//! The token endpoint's errors, in RFC 6749's format rather than the API's Error body:
//! its handler answers with [`OAuthError`], and [`layer`], around each token route, writes the
//! same format for every other error there (a 405, a body over the limit).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use axum::extract::Request;
use axum::middleware::Next;

use crate::trace::{KeepBody, run_for_errors};

/// An RFC 6749 §5.2 error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
    /// Seconds to wait (`Retry-After`) on a 429.
    pub retry_after: Option<u64>,
}

impl OAuthError {
    pub(super) fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    pub(super) fn invalid_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
    }

    pub(super) fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }

    pub(super) fn unauthorized_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "unauthorized_client", description)
    }

    /// 429: too many attempts; RFC 6749 has no code of its own for it, and its
    /// `temporarily_unavailable` says what it means to the client: try again later.
    pub(super) fn too_many_requests(retry_after: u64, description: impl Into<String>) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "temporarily_unavailable",
                description,
            )
        }
    }

    pub(super) fn new(
        status: StatusCode,
        error: &'static str,
        description: impl Into<String>,
    ) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            retry_after: None,
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&ErrorBody {
            error: self.error,
            error_description: &self.description,
        })
        .expect("an OAuth error always serialises");
        let mut response = (self.status, no_store_json(), body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Basic realm="Vorgaenge API""#),
            );
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // The token endpoint speaks RFC 6749, not the API's Error body.
        response.extensions_mut().insert(KeepBody);
        response
    }
}

/// Writes every error answer of a token route that is not in RFC 6749's format yet. It runs
/// inside [`crate::trace::layer`] and around the route's method router, so that it sees a
/// 405's `Allow`.
pub async fn layer(req: Request, next: Next) -> Response {
    let (response, pending) = run_for_errors(req, next).await;
    let Some(pending) = pending else {
        return response;
    };
    let description = pending.message;
    let status = response.status();
    let error = match status {
        StatusCode::UNAUTHORIZED => "invalid_client",
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            "temporarily_unavailable"
        }
        s if s.is_server_error() => "server_error",
        _ => "invalid_request",
    };
    let mut answer = OAuthError::new(status, error, description).into_response();
    // What the error carried besides its body (`Allow`, `Retry-After`) stays.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().entry(name).or_insert(value.clone());
        }
    }
    answer
}

pub(super) fn no_store_json() -> [(header::HeaderName, HeaderValue); 3] {
    [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::PRAGMA, HeaderValue::from_static("no-cache")),
    ]
}
