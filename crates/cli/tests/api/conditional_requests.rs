//! Entity tags and conditional requests: the tag's form, `If-None-Match` on GET, and
//! `If-Match` on every write (current, stale, weak, malformed, several, `*`).

use serde_json::json;
use vorgaenge_client::ClientError;

use crate::support::case_state::{assert_unchanged, case, listed, snapshot};
use crate::support::cases::berlin_case;
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, etag, json_request_with, patch_with, replace};
use crate::support::spawn_demo;

#[tokio::test]
async fn etags_and_conditional_requests() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let path = format!("/v2/vorgaenge/{nr}");

    // The tag: letzteAenderung as the list shows it, RFC 3339 with six fractional digits.
    let (_, original) = case(&app.client, nr).await;
    let inner = original
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .expect("quoted");
    assert_eq!(
        inner.len(),
        "2024-05-14T07:12:44.512000Z".len(),
        "{original}"
    );
    assert!(
        chrono::DateTime::parse_from_rfc3339(inner).is_ok(),
        "{original}"
    );
    assert_eq!(&inner[19..20], ".");
    assert!(
        inner[20..26].bytes().all(|b| b.is_ascii_digit()) && inner.ends_with('Z'),
        "{original}"
    );
    assert_eq!(
        listed(&app.client, "ECHT_GESCHAEFT").await[nr]["letzteAenderung"],
        inner
    );

    // If-None-Match: 304 without a body while current.
    let response = app
        .request("GET", &path, &[("if-none-match", &original)])
        .await;
    assert_eq!(response.status, 304);
    assert!(response.body.is_empty());
    assert_eq!(etag(&response), original);
    let response = app
        .request(
            "GET",
            &path,
            &[("if-none-match", "\"2000-01-01T00:00:00.000000Z\"")],
        )
        .await;
    assert_status(&response, 200);

    // If-Match with the current tag applies, and the case gets a new tag.
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-1"))]),
        &[("if-match", &original)],
    )
    .await;
    assert_status(&response, 200);
    let second = etag(&response);
    assert_ne!(second, original);
    let response = app
        .request("GET", &path, &[("if-none-match", &original)])
        .await;
    assert_status(&response, 200);
    assert_eq!(etag(&response), second);
    assert_eq!(
        format!(
            "\"{}\"",
            listed(&app.client, "ECHT_GESCHAEFT").await[nr]["letzteAenderung"]
                .as_str()
                .unwrap()
        ),
        second
    );

    // A stale tag: 412 for PATCH, both PUTs, the Antrag status and a message; nothing changes.
    let before = snapshot(&app, nr).await;
    let stale = [("if-match", original.as_str())];
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-2"))]),
        &stale,
    )
    .await;
    assert_error(&response, 412, "wurde inzwischen geändert");
    for (suffix, body) in [
        ("/kundenBetreuer", json!({"partnerId": "BER12"})),
        ("/vorgangsBearbeiter", json!({"partnerId": "BER11"})),
        (
            "/antraege/1/1/status",
            json!({"antragsteller": "WIDERRUFEN", "produktAnbieter": "NICHT_BEARBEITET"}),
        ),
        ("/nachricht", json!({"text": "veraltet"})),
    ] {
        let response = json_request_with(
            &app.client,
            if suffix.starts_with("/antraege") || suffix == "/nachricht" {
                "POST"
            } else {
                "PUT"
            },
            &format!("{path}{suffix}"),
            &body,
            &stale,
        )
        .await;
        assert_error(&response, 412, &second);
    }
    // A weak tag never matches for a write (strong comparison).
    let weak = format!("W/{second}");
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-2"))]),
        &[("if-match", &weak)],
    )
    .await;
    assert_error(&response, 412, "If-Match");
    // Not an entity tag at all: 400.
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-2"))]),
        &[("if-match", &second[1..second.len() - 1])],
    )
    .await;
    assert_error(&response, 400, "If-Match");
    // A comma inside a tag's quotes is part of the tag (RFC 9110), not a list's separator:
    // a well-formed tag that is not the case's, so 412 (Schemathesis found this one a 400).
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-2"))]),
        &[("if-match", "W/\",x\", \"a,b\"")],
    )
    .await;
    assert_error(&response, 412, "If-Match");
    assert_unchanged(&app, nr, &before, "stale and malformed If-Match").await;

    // The current tag (among others, one with a comma) and `*` apply.
    let response = json_request_with(
        &app.client,
        "PUT",
        &format!("{path}/kundenBetreuer"),
        &json!({"partnerId": "BER12"}),
        &[("if-match", &format!("\"x,y\", {second}"))],
    )
    .await;
    assert_status(&response, 201);
    let third = etag(&response);
    assert_ne!(third, second);
    let (_, written) = app
        .client
        .patch_vorgang(
            nr,
            &json!([replace("/externeVorgangsNummer", json!("E-3"))]),
            Some(&third),
        )
        .await
        .unwrap();
    assert_eq!(written.status, 200);
    let response = patch_with(
        &app.client,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("E-4"))]),
        &[("if-match", "*")],
    )
    .await;
    assert_status(&response, 200);
    assert_eq!(response.json()["externeVorgangsNummer"], "E-4");
    let stale = app
        .client
        .patch_vorgang(
            nr,
            &json!([replace("/status", json!("ARCHIVIERT"))]),
            Some(&third),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(stale, ClientError::Api { status: 412, .. }),
        "{stale}"
    );
}
