//! The one error type of the HTTP layer.
//!
//! An [`ApiError`] becomes a response that carries only its status and an [`ErrorMessage`]
//! extension; the body (`{message, statusCode, statusMessage, timestamp, traceId}`) is
//! written by [`crate::trace`], the outermost layer, because only it knows the trace id. That
//! layer also turns every other error response (axum's 404/405, a panic) into the same body,
//! so no plain-text error can leave the server.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vorgaenge_store::StoreError;

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 400: the request names a parameter or field wrongly; the message says which and why.
    BadRequest(String),
    /// 404: unknown (or, once access rules apply, invisible) resource.
    NotFound(String),
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
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match self {
            Self::BadRequest(m) | Self::NotFound(m) => ErrorMessage {
                public: m,
                log: None,
            },
            Self::Internal(detail) => ErrorMessage {
                public: INTERNAL_MESSAGE.to_owned(),
                log: Some(detail),
            },
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(message);
        response
    }
}

/// What a client sees of a 500: nothing about the cause, but how to report it.
pub(crate) const INTERNAL_MESSAGE: &str =
    "Interner Fehler; bitte die traceId angeben, wenn Sie den Fehler melden";

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::Internal(e.to_string())
    }
}
