//! Handlers, one module per resource of the contract.

pub mod antraege;
pub mod antrag_actions;
pub mod assign;
pub mod ereignisse;
pub mod finanzierungsvorschlaege;
pub mod gemerkte_angebote;
pub mod kundenangaben;
pub mod nachricht;
pub mod parties;
pub mod vorgaenge;

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// A 200 with a JSON body already serialised.
pub fn json_bytes(body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    // Room for every header a case response gets on its way out (Content-Type, ETag, three
    // RateLimit-*, X-TraceId, Content-Length): the map's first allocation holds six, and
    // growing it for the seventh showed up in profiles of GET case.
    headers.reserve(RESPONSE_HEADERS);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Headers a JSON response is sized for.
const RESPONSE_HEADERS: usize = 10;

/// A 200 with `value` as JSON.
pub fn json_value(value: &Value) -> Response {
    json_bytes(serde_json::to_vec(value).expect("a JSON value always serialises"))
}

/// `{"href": …}`, the only member our links carry (the contract's other Link fields are
/// optional and null-valued upstream).
pub fn link(href: impl Into<String>) -> Value {
    let mut m = Map::new();
    m.insert("href".into(), Value::String(href.into()));
    Value::Object(m)
}

/// `{"self": {"href": …}}`
pub fn self_links(href: impl Into<String>) -> Value {
    let mut m = Map::new();
    m.insert("self".into(), link(href));
    Value::Object(m)
}

/// Parses stored JSON, which was written by us and must be an object.
pub fn stored_object(bytes: &[u8], what: &str) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::Internal(format!(
            "stored {what} is not a JSON object"
        ))),
        Err(e) => Err(ApiError::Internal(format!(
            "stored {what} is not JSON: {e}"
        ))),
    }
}
