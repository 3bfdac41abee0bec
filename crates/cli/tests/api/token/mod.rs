//! `POST /auth/token`: client authentication, scopes, impersonation, every RFC 6749 error,
//! the token's content, the metadata documents and key rotation.

mod impersonation;
mod issue;
mod keys;
mod metadata;
mod refusals;
mod revocation;
mod throttling;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use vorgaenge_client::{RawResponse, TokenError};

use crate::support::{TestApp, demo_client};

/// A raw POST to the token endpoint.
async fn post(app: &TestApp, path: &str, headers: &[(&str, &str)], body: &str) -> RawResponse {
    let client = reqwest::Client::new();
    let mut request = client
        .post(format!("{}{path}", app.base))
        .body(body.to_owned());
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    RawResponse {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap(),
    }
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

fn basic(client_id: &str, secret: &str) -> String {
    let raw = format!("{client_id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

async fn request(
    app: &TestApp,
    client_id: &str,
    form: &[(&str, &str)],
) -> Result<vorgaenge_client::TokenResponse, TokenError> {
    let demo = demo_client(client_id);
    app.anonymous
        .request_token(demo.client_id, demo.client_secret, form)
        .await
        .unwrap()
}

fn claims_of(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut decode =
        || serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap()).unwrap();
    let header = decode();
    let claims = decode();
    (header, claims)
}
