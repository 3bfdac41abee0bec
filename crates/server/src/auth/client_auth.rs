//! The token request: its form body and how the client authenticates (RFC 6749 §2.3.1:
//! HTTP Basic with form-encoded id and secret, or both in the form; not both ways at once).

use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;
use vorgaenge_store::ClientRecord;

use crate::auth::oauth_error::OAuthError;
use crate::auth::secrets::secret_matches;
use crate::auth::snapshot::Snapshot;

/// The parameters the token endpoint reads.
const KNOWN: &[&str] = &[
    "grant_type",
    "scope",
    "client_id",
    "client_secret",
    "subject",
    "actor",
];

/// The form body's known parameters. RFC 6749 §3.2: they must not repeat; §3.1: any other
/// parameter is ignored, however often it is given.
pub(super) fn parse_form(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, OAuthError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "Content-Type must be application/x-www-form-urlencoded",
        ));
    }
    let mut form = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        if !KNOWN.contains(&name.as_ref()) {
            continue;
        }
        if form.insert(name.to_string(), value.into_owned()).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "Parameter {name:?} is given more than once"
            )));
        }
    }
    Ok(form)
}

pub(super) struct Credentials {
    pub(super) id: String,
    secret: String,
}

/// HTTP Basic (RFC 6749 §2.3.1: id and secret form-encoded inside) or the form parameters;
/// not both.
pub(super) fn client_credentials(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<Credentials, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .map(|v| parse_basic(v.to_str().unwrap_or("")))
        .transpose()?;
    let posted = form.get("client_id").map(|id| Credentials {
        id: id.clone(),
        secret: form.get("client_secret").cloned().unwrap_or_default(),
    });
    match (basic, posted) {
        (Some(_), Some(_)) => Err(OAuthError::invalid_request(
            "Client credentials given both in the Authorization header and in the body; use one",
        )),
        (Some(c), None) | (None, Some(c)) => Ok(c),
        (None, None) => Err(OAuthError::invalid_client(
            "Client authentication failed: no client credentials (HTTP Basic or client_id/client_secret)",
        )),
    }
}

fn parse_basic(value: &str) -> Result<Credentials, OAuthError> {
    let malformed =
        || OAuthError::invalid_client("Client authentication failed: malformed Basic credentials");
    let (scheme, encoded) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::invalid_client(
            "Client authentication failed: use the Basic scheme",
        ));
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let unescape = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| malformed())
    };
    Ok(Credentials {
        id: unescape(id)?,
        secret: unescape(secret)?,
    })
}

pub(super) fn authenticate<'a>(
    snapshot: &'a Snapshot,
    credentials: &Credentials,
) -> Result<&'a ClientRecord, OAuthError> {
    let failed = || {
        OAuthError::invalid_client(
            "Client authentication failed: Client id unknown / deactivated or client secret invalid",
        )
    };
    let client = snapshot.clients.get(&credentials.id).ok_or_else(failed)?;
    if client.disabled || !secret_matches(&credentials.secret, &client.secret_hash) {
        return Err(failed());
    }
    Ok(client)
}
