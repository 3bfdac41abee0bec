//! Access tokens for the load: the demo world's clients (fixed secrets, written into the
//! bench database by the server child) ask the server's own token endpoint, exactly as a
//! CRM integration would, before any measured window.

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hyper::header::{self, HeaderValue};
use serde_json::Value;

use crate::loadgen::{Connection, Target};

/// The token endpoint.
pub const TOKEN_PATH: &str = "/auth/token";
/// The form every token request sends.
pub const TOKEN_FORM: &str = "grant_type=client_credentials";

/// The sales organisation's back office: root NOR00, covers every partner below it.
pub const ROOT_CLIENT: &str = "demo-sales-organisation";
/// Katharina Albrecht's CRM: one advisor, BER11, covers only herself.
pub const ADVISOR_CLIENT: &str = "demo-advisor";

/// The partner a demo client acts for, for the report.
pub fn partner_of(client_id: &str) -> anyhow::Result<&'static str> {
    Ok(demo_client(client_id)?.partner_id)
}

fn demo_client(client_id: &str) -> anyhow::Result<vorgaenge_demo::DemoClient> {
    vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.client_id == client_id)
        .with_context(|| format!("{client_id} is not a client of the demo world"))
}

/// `Authorization: Basic …` of a demo client (RFC 6749 §2.3.1; the demo ids and secrets
/// need no form-encoding).
pub fn basic_authorization(client_id: &str) -> anyhow::Result<HeaderValue> {
    let client = demo_client(client_id)?;
    let credentials = STANDARD.encode(format!("{}:{}", client.client_id, client.client_secret));
    Ok(HeaderValue::from_str(&format!("Basic {credentials}"))?)
}

/// `POST /auth/token` as the load sends it: client credentials of `client_id`, all its
/// scopes.
pub fn token_request(client_id: &str) -> anyhow::Result<Target> {
    Ok(Target::post_form(TOKEN_PATH, TOKEN_FORM)
        .with_header(header::AUTHORIZATION, basic_authorization(client_id)?))
}

/// A fresh access token for `client_id`, and the size of the token response.
pub async fn fetch(conn: &mut Connection, client_id: &str) -> anyhow::Result<(String, usize)> {
    let request = token_request(client_id)?;
    let answer = conn.send(&request, TOKEN_PATH, true).await?;
    if !answer.status.is_success() {
        bail!(
            "POST {TOKEN_PATH} as {client_id}: {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
    }
    let body: Value = serde_json::from_slice(&answer.body)
        .with_context(|| format!("POST {TOKEN_PATH}: not JSON"))?;
    let token = body["access_token"]
        .as_str()
        .with_context(|| format!("POST {TOKEN_PATH}: no access_token in {body}"))?;
    Ok((token.to_owned(), answer.len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_clients_are_known() {
        assert_eq!(partner_of(ROOT_CLIENT).unwrap(), "NOR00");
        assert_eq!(partner_of(ADVISOR_CLIENT).unwrap(), "BER11");
        assert!(partner_of("nobody").is_err());
        let basic = basic_authorization(ADVISOR_CLIENT).unwrap();
        let encoded = basic.to_str().unwrap().strip_prefix("Basic ").unwrap();
        assert_eq!(
            STANDARD.decode(encoded).unwrap(),
            b"demo-advisor:demo-secret-advisor-BER11"
        );
    }
}
