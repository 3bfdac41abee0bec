//! PATCH with `test` operations: a failing test refuses the whole patch wherever it stands,
//! passing tests let the rest apply.

use serde_json::json;

use crate::support::case_state::{assert_unchanged, events, snapshot};
use crate::support::cases::{antraege, berlin_case};
use crate::support::error_body::assert_error;
use crate::support::requests::{patch, patched, replace};
use crate::support::spawn_demo;

#[tokio::test]
async fn test_operations_guard_the_patch() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let antrag_path = format!("/antraege/{antrag}/status");
    let current_status = the_case.vorgang["antraege"][0]["status"].clone();

    // Only tests that hold: 200, nothing changes, no event.
    let before = snapshot(&app, nr).await;
    let (body, tag) = patched(
        &app,
        nr,
        json!([
            {"op": "test", "path": "/status", "value": "AKTIV"},
            {"op": "test", "path": "/externeVorgangsNummer", "value": null},
            {"op": "test", "path": "/kundenBetreuer/partnerId", "value": "BER11"},
            {"op": "test", "path": "/vorgangsBearbeiter/partnerId", "value": "BER15"},
            {"op": "test", "path": antrag_path, "value": current_status},
        ]),
    )
    .await;
    assert_eq!(tag, before.etag);
    assert_eq!(body, before.case);
    assert_unchanged(&app, nr, &before, "tests only").await;

    // A failing test refuses the whole patch, whatever its position.
    for (index, failing) in [
        (
            0,
            json!({"op": "test", "path": "/status", "value": "ARCHIVIERT"}),
        ),
        (
            1,
            json!({"op": "test", "path": "/kundenBetreuer/partnerId", "value": "BER12"}),
        ),
        (
            1,
            json!({"op": "test", "path": &antrag_path, "value": {"antragsteller": "WIDERRUFEN"}}),
        ),
    ] {
        let ops = if index == 0 {
            json!([failing, replace("/externeVorgangsNummer", json!("T-0"))])
        } else {
            json!([replace("/externeVorgangsNummer", json!("T-0")), failing])
        };
        let path = failing["path"].as_str().unwrap();
        assert_error(
            &patch(&app.client, nr, &ops).await,
            400,
            &format!("Operation {index} ({path}): test fehlgeschlagen"),
        );
        assert_unchanged(&app, nr, &before, path).await;
    }

    // A matching test lets the rest apply.
    let (body, _) = patched(
        &app,
        nr,
        json!([
            {"op": "test", "path": "/externeVorgangsNummer", "value": null},
            replace("/externeVorgangsNummer", json!("T-1")),
            {"op": "test", "path": "/externeVorgangsNummer", "value": "T-1"},
            replace("/status", json!("ARCHIVIERT")),
        ]),
    )
    .await;
    assert_eq!(body["externeVorgangsNummer"], "T-1");
    assert_eq!(body["status"], "ARCHIVIERT");
    assert_eq!(events(&app.client, nr).await.len(), 2);
}
