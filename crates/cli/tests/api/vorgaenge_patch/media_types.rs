//! PATCH bodies by media type: JSON Patch and plain JSON are taken, other types are 415; a
//! missing body is 400 here and on the other writes.

use serde_json::json;

use crate::support::case_state::{assert_unchanged, snapshot};
use crate::support::cases::berlin_case;
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, replace, send};
use crate::support::spawn_demo;

#[tokio::test]
async fn patch_takes_json_patch_and_plain_json_only() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let path = format!("/v2/vorgaenge/{nr}");
    let body = |ext: &str| {
        serde_json::to_vec(&json!([replace("/externeVorgangsNummer", json!(ext))])).unwrap()
    };
    for (content_type, ext) in [
        ("application/json-patch+json", "A-1"),
        ("application/json", "A-2"),
        ("application/json-patch+json; charset=utf-8", "A-3"),
    ] {
        let response = send(
            &app.client,
            "PATCH",
            &path,
            Some(content_type),
            body(ext),
            &[],
        )
        .await;
        assert_status(&response, 200);
        assert_eq!(
            response.json()["externeVorgangsNummer"],
            ext,
            "{content_type}"
        );
    }

    let before = snapshot(&app, nr).await;
    for content_type in [
        Some("text/plain"),
        Some("application/merge-patch+json"),
        None,
    ] {
        let response = send(&app.client, "PATCH", &path, content_type, body("B-1"), &[]).await;
        assert_error(
            &response,
            415,
            content_type.map_or("Content-Type fehlt", |_| "application/json-patch+json"),
        );
    }
    let response = send(
        &app.client,
        "PATCH",
        &path,
        Some("application/json-patch+json"),
        b"[{\"op\": ".to_vec(),
        &[],
    )
    .await;
    assert_error(&response, 400, "kein gültiges JSON");
    // No body at all is 400 whatever the media type says; 415 is for a body of another type.
    for content_type in [
        None,
        Some("application/json-patch+json"),
        Some("text/plain"),
    ] {
        for body in [&b""[..], b"  \r\n"] {
            if content_type != Some("application/json-patch+json") && !body.is_empty() {
                continue; // a body without its JSON type: the 415 above
            }
            let response = send(
                &app.client,
                "PATCH",
                &path,
                content_type,
                body.to_vec(),
                &[],
            )
            .await;
            assert_error(&response, 400, "Body fehlt");
        }
    }
    for member in ["kundenBetreuer", "nachricht"] {
        let method = if member == "nachricht" { "POST" } else { "PUT" };
        let response = send(
            &app.client,
            method,
            &format!("{path}/{member}"),
            None,
            Vec::new(),
            &[],
        )
        .await;
        assert_error(&response, 400, "Body fehlt");
    }
    assert_unchanged(&app, nr, &before, "refused media types").await;
}
