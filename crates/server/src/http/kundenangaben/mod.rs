//! The Kundenangaben API: a new case from customer data (`POST /kundenangaben`), its
//! validation alone (`POST /kundenangaben/body-validation`), and the customer data of an
//! existing case, read (`GET`) and replaced (`PUT /kundenangaben/{vorgangsnummer}`).
//! Its errors are RFC 7807 problems ([`problem`]); values it drops as unknown are named in
//! a header ([`ignoriert`]).

mod betreuung;
mod create;
pub mod ignoriert;
pub mod problem;
mod read;
mod replace;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::body::Limits;
use crate::error::ApiError;
use crate::state::AppState;

/// The operations, relative to [`problem::PREFIX`].
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", post(create::import))
        .route("/body-validation", post(create::validate))
        .route(
            "/{vorgangsnummer}",
            get(read::handler).put(replace::handler),
        )
}

/// The media type of this API's bodies, with the contract version.
const MEDIA_TYPE: &str = "application/json;version=1.0";

/// Reads the body: `application/json`, with `version=1.0` or without a version (clients
/// of the rest of the API send plain JSON); anything else is 415, none at all 400.
async fn read_body(request: Request, limits: Limits) -> Result<Bytes, ApiError> {
    crate::body::read(request, limits, accepted_media_type, MEDIA_TYPE).await
}

/// Today in the server's zone: the day of an import, whose amounts (Kindergeld) the mapping
/// uses, and a new case's `erstelltAm`.
fn heute(state: &AppState) -> vorgaenge_model::Date {
    chrono::Utc::now()
        .with_timezone(&state.zone)
        .date_naive()
        .into()
}

/// The raw bytes of a top-level member of a body that parsed already.
fn raw_member(body: &[u8], name: &str) -> Result<Bytes, ApiError> {
    let members: std::collections::HashMap<String, &RawValue> = serde_json::from_slice(body)
        .map_err(|e| ApiError::Internal(format!("validated body unreadable: {e}")))?;
    members
        .get(name)
        .map(|raw| Bytes::copy_from_slice(raw.get().as_bytes()))
        .ok_or_else(|| ApiError::Internal(format!("validated body without {name}")))
}

fn accepted_media_type(value: &str) -> bool {
    let mut parts = value.split(';').map(str::trim);
    if !parts
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("application/json"))
    {
        return false;
    }
    parts
        .filter(|p| !p.is_empty())
        .all(|p| match p.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("version") => {
                value.trim().trim_matches('"') == "1.0"
            }
            Some((name, _)) => name.trim().eq_ignore_ascii_case("charset"),
            None => false,
        })
}

/// A response of this API: `status` with `body` as JSON of the contract's version.
fn versioned_json(status: axum::http::StatusCode, body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).expect("a response body always serialises");
    versioned_bytes(status, bytes.into())
}

fn versioned_bytes(status: axum::http::StatusCode, body: Bytes) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE))],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::accepted_media_type;

    #[test]
    fn the_replaced_members_are_edited_members() {
        // The domain's list of data members and the store's list of members an edit of them
        // parses must agree, or a replacement would be dropped on reassembly.
        for name in vorgaenge_domain::edit::ERFASSTE_DATEN {
            assert!(
                vorgaenge_store::members::WITH_ERFASSTE_DATEN.contains(name),
                "{name}"
            );
        }
        assert!(vorgaenge_store::members::WITH_ERFASSTE_DATEN.contains(&"tippGeber"));
    }

    #[test]
    fn takes_json_with_or_without_the_version() {
        for ok in [
            "application/json",
            "application/json;version=1.0",
            "Application/JSON; version=1.0",
            "application/json; charset=utf-8",
        ] {
            assert!(accepted_media_type(ok), "{ok}");
        }
        for refused in [
            "text/plain",
            "application/json;version=2.0",
            "application/json-patch+json",
            "application/json;foo",
        ] {
            assert!(!accepted_media_type(refused), "{refused}");
        }
    }
}
