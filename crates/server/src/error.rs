//! The one error type of the HTTP layer.
//!
//! An [`ApiError`] becomes a response that carries only its status and an [`ErrorMessage`]
//! extension; the body (`{message, statusCode, statusMessage, timestamp, traceId}`) is
//! written by [`crate::trace`], the outermost layer, because only it knows the trace id. That
//! layer also turns every other error response (axum's 404/405, a panic) into the same body,
//! so no plain-text error can leave the server.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vorgaenge_domain::access::Denial;
use vorgaenge_domain::scopes::Scope;
use vorgaenge_store::StoreError;

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 400: the request names a parameter or field wrongly; the message says which and why.
    BadRequest(String),
    /// 401: no usable token. `challenge` is the `WWW-Authenticate` value (RFC 6750).
    Unauthorized { message: String, challenge: String },
    /// 403: the token lacks a scope, or the partner a right. A missing scope is also named
    /// in `WWW-Authenticate` (RFC 6750 `insufficient_scope`).
    Forbidden {
        message: String,
        scope: Option<Scope>,
    },
    /// 404: unknown resource, or one the caller may not see.
    NotFound(String),
    /// 408: the request body did not arrive within the body timeout.
    RequestTimeout(String),
    /// 412: `If-Match` names a version of the case that is no longer current.
    PreconditionFailed(String),
    /// 413: the request body is larger than the configured maximum.
    PayloadTooLarge(String),
    /// 415: the request body has a media type the operation does not take.
    UnsupportedMediaType(String),
    /// 429: over the client's rate limit; try again after this many seconds.
    TooManyRequests { retry_after: u64 },
    /// 500: the message is for the log only; the client gets an opaque text and the trace id.
    Internal(String),
}

/// The message an error response carries from the handler to [`crate::trace`].
#[derive(Debug, Clone)]
pub(crate) struct ErrorMessage {
    pub(crate) public: String,
    /// Details that must not reach the client but must reach the log.
    pub(crate) log: Option<String>,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// The 404 for a case number that is unknown.
    pub fn case_not_found(vorgangs_nummer: &str) -> Self {
        Self::NotFound(format!("Vorgang {vorgangs_nummer} nicht gefunden"))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = status.into_response();
        let public = |m: String| ErrorMessage {
            public: m,
            log: None,
        };
        let message = match self {
            Self::BadRequest(m)
            | Self::NotFound(m)
            | Self::RequestTimeout(m)
            | Self::PreconditionFailed(m)
            | Self::PayloadTooLarge(m)
            | Self::UnsupportedMediaType(m) => public(m),
            Self::Unauthorized { message, challenge } => {
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, value);
                }
                public(message)
            }
            Self::Forbidden { message, scope } => {
                if let Some(scope) = scope {
                    let challenge = format!(
                        r#"Bearer error="insufficient_scope", scope="{}""#,
                        scope.as_str()
                    );
                    if let Ok(value) = HeaderValue::from_str(&challenge) {
                        response
                            .headers_mut()
                            .insert(header::WWW_AUTHENTICATE, value);
                    }
                }
                public(message)
            }
            Self::TooManyRequests { retry_after } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
                public(format!(
                    "Zu viele Anfragen: das Limit des Clients ist erreicht; erneut versuchen in {retry_after} s"
                ))
            }
            Self::Internal(detail) => ErrorMessage {
                public: INTERNAL_MESSAGE.to_owned(),
                log: Some(detail),
            },
        };
        response.extensions_mut().insert(message);
        response
    }
}

/// What a client sees of a 500: nothing about the cause, but how to report it.
pub(crate) const INTERNAL_MESSAGE: &str =
    "Interner Fehler; bitte die traceId angeben, wenn Sie den Fehler melden";

impl ApiError {
    /// The answer to a refused access check. `nr` names the case for the 404.
    pub fn denied(denial: Denial, nr: Option<&str>) -> Self {
        match denial {
            Denial::Invisible => match nr {
                Some(nr) => Self::case_not_found(nr),
                None => Self::not_found("Nicht gefunden"),
            },
            Denial::MissingScope(scope) => Self::Forbidden {
                message: format!("Dem Token fehlt der Scope {scope}"),
                scope: Some(scope),
            },
            Denial::NoEchtgeschaeftRight => Self::Forbidden {
                message:
                    "Der Partner hat kein Recht auf Echtgeschäft (datenKontext ECHT_GESCHAEFT)"
                        .to_owned(),
                scope: None,
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::Internal(e.to_string())
    }
}
