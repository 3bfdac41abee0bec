//! A token without an operation's scope: 403 before any case is looked at.

use serde_json::Value;

use super::{the_case, token};
use crate::support::{demo_case, spawn_demo};

/// A token without an operation's scope learns nothing about which case numbers exist: an
/// unknown number, a case the caller may not see and its own case all answer the same 403.
#[tokio::test]
async fn a_missing_scope_is_403_before_any_case_is_looked_at() {
    let app = spawn_demo().await;
    let own = the_case().vorgangs_nummer.as_str();
    let foreign = demo_case(|c| {
        c.kunden_betreuer != "BER11" && c.vorgangs_bearbeiter.is_none_or(|b| !b.starts_with("BER"))
    })
    .vorgangs_nummer
    .as_str();
    let narrowed = |scope: &'static str| {
        let app = &app;
        async move {
            token(
                app,
                "demo-advisor",
                &[("scope", &format!("{scope} baufinanzierung:echtgeschaeft"))],
            )
            .await
        }
    };
    let events_only = narrowed("baufinanzierung:ereignis:lesen").await;
    let read_only = narrowed("baufinanzierung:vorgang:lesen").await;
    let patch = r#"[{"op":"replace","path":"/externeVorgangsNummer","value":"x"}]"#;
    for nr in ["ZZZZZ9", foreign, own] {
        let cells: [(&str, String, &str, Option<&str>, &str); 4] = [
            (
                "GET",
                format!("/v2/vorgaenge/{nr}"),
                &events_only,
                None,
                "baufinanzierung:vorgang:lesen",
            ),
            (
                "PATCH",
                format!("/v2/vorgaenge/{nr}"),
                &read_only,
                Some(patch),
                "baufinanzierung:vorgang:schreiben",
            ),
            (
                "POST",
                format!("/v2/vorgaenge/{nr}/nachricht"),
                &read_only,
                Some(r#"{"text":"x"}"#),
                "baufinanzierung:vorgang:schreiben",
            ),
            (
                "GET",
                format!("/v2/ereignisse/{nr}"),
                &read_only,
                None,
                "baufinanzierung:ereignis:lesen",
            ),
        ];
        for (method, path, token, body, scope) in cells {
            let mut request = reqwest::Client::new()
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{}{path}", app.base),
                )
                .bearer_auth(token);
            if let Some(body) = body {
                let kind = if method == "PATCH" {
                    "application/json-patch+json"
                } else {
                    "application/json"
                };
                request = request.header("content-type", kind).body(body);
            }
            let response = request.send().await.unwrap();
            let cell = format!("{method} {path}");
            assert_eq!(response.status().as_u16(), 403, "{cell}");
            let body: Value = response.json().await.unwrap();
            assert!(
                body["message"].as_str().unwrap().contains(scope),
                "{cell}: {body}"
            );
        }
    }
}
