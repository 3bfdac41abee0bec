//! The error body the server emits for every error response.

use serde::{Deserialize, Serialize};

/// Body of every error response (the contract's `Error` schema, which itself declares no
/// types; see [`crate::Error`]), e.g.
/// `{"message":"Vorgang AB1234 nicht gefunden","statusCode":404,"statusMessage":"Not Found",
/// "timestamp":"2024-05-14T09:13:00.123Z","traceId":"my-trace-4711"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Human-readable description of the problem.
    #[serde(rename = "message")]
    pub message: String,
    /// The HTTP status code, repeated in the body.
    #[serde(rename = "statusCode")]
    pub status_code: u16,
    /// The HTTP reason phrase, e.g. `Not Found`.
    #[serde(rename = "statusMessage")]
    pub status_message: String,
    /// When the error occurred, as RFC 3339 date-time text.
    #[serde(rename = "timestamp")]
    pub timestamp: String,
    /// The request's trace id (echoes `X-TraceId` when present).
    #[serde(rename = "traceId")]
    pub trace_id: String,
}
