//! Request bodies of the write operations: media type, size limit, JSON, and the contract's
//! schema, each refused with its own status and a message that names the problem.

use axum::body::{Bytes, HttpBody};
use axum::extract::Request;
use axum::http::header;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// Bounds on what a client may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Most operations one PATCH may carry (400 beyond).
    pub max_patch_operations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            max_patch_operations: 50,
        }
    }
}

/// `application/json`, the media type of every body but PATCH's.
pub const JSON: &[&str] = &["application/json"];
/// PATCH takes `application/json-patch+json`, and plain JSON from lenient clients.
pub const JSON_PATCH: &[&str] = &["application/json-patch+json", "application/json"];

/// Reads the body of `request` as JSON of one of the `accepted` media types.
pub async fn json(request: Request, limits: Limits, accepted: &[&str]) -> Result<Value, ApiError> {
    let essence_accepted = |content_type: &str| {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        accepted.iter().any(|a| a.eq_ignore_ascii_case(essence))
    };
    let bytes = read(request, limits, essence_accepted, &accepted.join(" oder ")).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("Der Body ist kein gültiges JSON: {e}")))
}

/// Reads the body of a request that must carry one: none at all is 400 ("Body fehlt", also
/// when no media type is given: a missing body is the problem, not its type), a media type
/// that `accepted` refuses is 415 (naming `expected`), more than the limit 413.
pub async fn read(
    request: Request,
    limits: Limits,
    accepted: impl Fn(&str) -> bool,
    expected: &str,
) -> Result<Bytes, ApiError> {
    let missing = || ApiError::bad_request(format!("Body fehlt; erwartet {expected}"));
    let given = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?").to_owned());
    if !given.as_deref().is_some_and(&accepted) {
        if request.body().is_end_stream() {
            return Err(missing());
        }
        return Err(ApiError::UnsupportedMediaType(match given {
            Some(t) => format!("Content-Type {t} wird nicht unterstützt; erwartet {expected}"),
            None => format!("Content-Type fehlt; erwartet {expected}"),
        }));
    }
    let bytes = axum::body::to_bytes(request.into_body(), limits.max_body_bytes)
        .await
        .map_err(|e| {
            if crate::serve::is_body_timeout(&e) {
                ApiError::RequestTimeout(
                    "Der Body ist nicht innerhalb der erlaubten Zeit angekommen".into(),
                )
            } else {
                ApiError::PayloadTooLarge(format!(
                    "Der Body ist größer als {} Bytes",
                    limits.max_body_bytes
                ))
            }
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(missing());
    }
    Ok(bytes)
}

/// Reads `value` as the contract's `schema`; a problem names the field.
pub fn typed<T: DeserializeOwned>(value: Value, schema: &str) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::bad_request(format!(
            "Der Body muss ein {schema}-Objekt sein"
        )));
    }
    vorgaenge_model::from_value_with_path(value).map_err(|e| match e.path.strip_prefix("$.") {
        Some(field) => ApiError::bad_request(format!("{schema}.{field}: {}", e.reason)),
        None => ApiError::bad_request(format!("{schema}: {}", e.reason)),
    })
}
