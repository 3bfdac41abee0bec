//! Writes of what a case holds already, through PATCH (an empty one too), both PUTs and the
//! Antrag status: answered, but no new version and no event.

use serde_json::json;

use crate::support::case_state::{assert_unchanged, snapshot};
use crate::support::cases::{address, antraege, berlin_case, hamburg_case, status_dto};
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, patch, patch_with, patched, replace};
use crate::support::spawn_demo;

#[tokio::test]
async fn writing_what_is_already_there_changes_nothing() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let (a, t) = address(antrag);
    app.client
        .patch_vorgang(
            nr,
            &json!([replace("/externeVorgangsNummer", json!("GLEICH"))]),
            None,
        )
        .await
        .unwrap();
    let before = snapshot(&app, nr).await;

    let current_status = the_case.vorgang["antraege"][0]["status"].clone();
    let (body, tag) = patched(
        &app,
        nr,
        json!([
            replace("/externeVorgangsNummer", json!("GLEICH")),
            replace("/status", json!("AKTIV")),
            replace("/kundenBetreuer/partnerId", json!("BER11")),
            replace("/vorgangsBearbeiter/partnerId", json!("BER15")),
            replace(
                &format!("/antraege/{antrag}/status"),
                current_status.clone()
            ),
        ]),
    )
    .await;
    assert_eq!(tag, before.etag);
    assert_eq!(body, before.case);
    assert_unchanged(&app, nr, &before, "PATCH with current values").await;

    // An empty JSON Patch is RFC 6902's no-op: the case as it is, no event; the write rule
    // and If-Match still apply.
    let (body, tag) = patched(&app, nr, json!([])).await;
    assert_eq!(tag, before.etag);
    assert_eq!(body, before.case);
    assert_unchanged(&app, nr, &before, "empty PATCH").await;
    let stale = patch_with(&app.client, nr, &json!([]), &[("if-match", "\"1\"")]).await;
    assert_status(&stale, 412);
    let advisor = app.client_for("demo-advisor").await;
    let hamburg = &hamburg_case().vorgangs_nummer;
    assert_error(&patch(&advisor, hamburg, &json!([])).await, 404, hamburg);

    let written = app
        .client
        .set_kunden_betreuer(nr, "BER11", None)
        .await
        .unwrap();
    assert_eq!(
        (written.status, written.etag.as_deref()),
        (201, Some(before.etag.as_str()))
    );
    let written = app
        .client
        .set_vorgangs_bearbeiter(nr, "BER15", None)
        .await
        .unwrap();
    assert_eq!(
        (written.status, written.etag.as_deref()),
        (201, Some(before.etag.as_str()))
    );
    let written = app
        .client
        .set_antrags_status(nr, a, t, &status_dto(current_status))
        .await
        .unwrap();
    assert_eq!(written.status, 202);
    assert_unchanged(&app, nr, &before, "PUT and status with current values").await;
}
