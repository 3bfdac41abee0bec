//! Refused PATCHes: each names its failing operation, and none changes anything, not even
//! the operations before the failing one.

use serde_json::{Value, json};

use crate::support::case_state::{assert_unchanged, listed, snapshot};
use crate::support::cases::{antraege, berlin_case, hamburg_case};
use crate::support::error_body::assert_error;
use crate::support::partners::{add_person, lock, narrowed};
use crate::support::requests::{patch, patch_with, patched, replace};
use crate::support::spawn_demo;

#[tokio::test]
async fn patch_refusals_name_the_operation_and_change_nothing() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    add_person(&app, "GSP01", "NBE10", ("Gesa", "Sperr"), false).await;
    lock(&app, "GSP01").await;
    let antrag_path = format!("/antraege/{antrag}/status");
    let unknown_antrag = format!("/antraege/{nr}/9/1/status");

    // Two valid operations first: the bad one is operation 2, and nothing of 0 and 1 may stay.
    let prefix = [
        replace("/externeVorgangsNummer", json!("SOLL-NICHT-BLEIBEN")),
        replace("/status", json!("ARCHIVIERT")),
    ];
    let third = |op: Value| Value::Array(prefix.iter().cloned().chain([op]).collect());
    let refused: Vec<(Value, u16, String)> = vec![
        (
            third(replace("/phase", json!("X"))),
            400,
            "Operation 2 (/phase): unbekannter Pfad".into(),
        ),
        (
            third(
                json!({"op": "move", "from": "/externeVorgangsNummer", "path": "/status", "value": "AKTIV"}),
            ),
            400,
            "Operation 2 (/status): op move wird nicht unterstützt".into(),
        ),
        (
            third(
                json!({"op": "copy", "from": "/status", "path": "/externeVorgangsNummer", "value": "x"}),
            ),
            400,
            "Operation 2 (/externeVorgangsNummer): op copy wird nicht unterstützt".into(),
        ),
        (
            third(json!({"op": "merge", "path": "/status", "value": "AKTIV"})),
            400,
            "Operation 2 (/status): unbekannte op \"merge\"".into(),
        ),
        (
            third(replace("/status", json!(1))),
            400,
            "Operation 2 (/status): value muss ein String sein, nicht eine Zahl".into(),
        ),
        (
            third(replace("/status", json!("GELOESCHT"))),
            400,
            "Operation 2 (/status): unbekannter Status \"GELOESCHT\"".into(),
        ),
        (
            third(replace(
                &antrag_path,
                json!({"antragsteller": "X", "produktAnbieter": "NICHT_BEARBEITET"}),
            )),
            400,
            format!("Operation 2 ({antrag_path}): value.antragsteller"),
        ),
        (
            third(replace(&antrag_path, json!("BEANTRAGT"))),
            400,
            format!("Operation 2 ({antrag_path}): value muss ein StatusDTO-Objekt sein"),
        ),
        (
            third(replace(
                &unknown_antrag,
                json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            )),
            400,
            format!("Operation 2 ({unknown_antrag}): der Vorgang hat keinen Antrag {nr}/9/1"),
        ),
        (
            third(replace("/kundenBetreuer/partnerId", json!("ZZZ99"))),
            400,
            "Operation 2 (/kundenBetreuer/partnerId): Partner ZZZ99 ist nicht bekannt".into(),
        ),
        (
            third(replace("/kundenBetreuer/partnerId", json!("GSP01"))),
            400,
            "Operation 2 (/kundenBetreuer/partnerId): Partner GSP01 ist gesperrt".into(),
        ),
        (
            third(replace("/vorgangsBearbeiter/partnerId", json!("GSP01"))),
            400,
            "Operation 2 (/vorgangsBearbeiter/partnerId): Partner GSP01 ist gesperrt".into(),
        ),
        (
            third(replace("/vorgangsBearbeiter/partnerId", json!("NBE10"))),
            400,
            "Operation 2 (/vorgangsBearbeiter/partnerId): Partner NBE10 ist keine Person".into(),
        ),
        (
            third(replace("/vorgangsBearbeiter/partnerId", json!("abc12"))),
            400,
            "Operation 2 (/vorgangsBearbeiter/partnerId): \"abc12\" ist keine Partner-Id".into(),
        ),
        (
            third(json!({"op": "remove", "path": "/status", "value": null})),
            400,
            "Operation 2 (/status): dieser Wert kann nicht entfernt werden".into(),
        ),
        (
            third(json!({"op": "replace", "path": "/status"})),
            400,
            "Operation 2 (/status): replace braucht value".into(),
        ),
        (
            Value::Array(vec![replace("/status", json!("AKTIV")); 51]),
            400,
            "51 Operationen; höchstens 50".into(),
        ),
        (
            replace("/status", json!("ARCHIVIERT")),
            400,
            "JSON-Patch-Array".into(),
        ),
        (json!("ARCHIVIERT"), 400, "JSON-Patch-Array".into()),
    ];
    let before = snapshot(&app, nr).await;
    for (body, status, message) in &refused {
        let response = patch(&app.client, nr, body).await;
        assert_error(&response, *status, message);
        assert_unchanged(&app, nr, &before, message).await;
    }

    // A partner the caller does not cover: 403, for the advisor who may write the case.
    let advisor = app.client_for("demo-advisor").await;
    for (path, partner) in [
        ("/kundenBetreuer/partnerId", "HAM21"),
        ("/vorgangsBearbeiter/partnerId", "SUE31"),
    ] {
        let response = patch(&advisor, nr, &third(replace(path, json!(partner)))).await;
        assert_error(&response, 403, &format!("Operation 2 ({path}): "));
        assert_error(&response, 403, partner);
        assert_unchanged(&app, nr, &before, path).await;
    }

    // Without the write scope; on a case the caller may not see; on no case at all.
    let reader = narrowed(
        &app,
        "demo-advisor",
        "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft",
    )
    .await;
    let body = json!([replace("/status", json!("ARCHIVIERT"))]);
    assert_error(
        &patch(&reader, nr, &body).await,
        403,
        "baufinanzierung:vorgang:schreiben",
    );
    let hamburg = &hamburg_case().vorgangs_nummer;
    let hamburg_before = snapshot(&app, hamburg).await;
    assert_error(&patch(&advisor, hamburg, &body).await, 404, hamburg);
    // No existence leak through If-Match either: still 404, not 412.
    let response = patch_with(&advisor, hamburg, &body, &[("if-match", "\"x\"")]).await;
    assert_error(&response, 404, hamburg);
    assert_unchanged(&app, hamburg, &hamburg_before, "invisible case").await;
    assert_error(&patch(&app.client, "ZZZZZ9", &body).await, 404, "ZZZZZ9");
    assert_unchanged(&app, nr, &before, "scope").await;

    // The limit itself is allowed: 50 operations apply, in order.
    let fifty: Vec<Value> = (0..50)
        .map(|i| replace("/externeVorgangsNummer", json!(format!("V{i}"))))
        .collect();
    let (body, _) = patched(&app, nr, Value::Array(fifty)).await;
    assert_eq!(body["externeVorgangsNummer"], "V49");
}

#[tokio::test]
async fn a_patch_failing_at_its_third_operation_changes_nothing() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    add_person(&app, "NEU01", "NBE10", ("Nils", "Neu"), false).await;
    let listed_before = listed(&app.client, "ECHT_GESCHAEFT").await;
    let before = snapshot(&app, nr).await;
    let body = json!([
        replace("/externeVorgangsNummer", json!("NEU-4711")),
        replace("/kundenBetreuer/partnerId", json!("NEU01")),
        replace("/vorgangsBearbeiter/partnerId", json!("NEU02")),
        replace("/status", json!("ARCHIVIERT")),
    ]);
    assert_error(
        &patch(&app.client, nr, &body).await,
        400,
        "Operation 2 (/vorgangsBearbeiter/partnerId): Partner NEU02 ist nicht bekannt",
    );
    assert_unchanged(&app, nr, &before, "failed third operation").await;
    assert_eq!(
        listed(&app.client, "ECHT_GESCHAEFT").await.get(nr),
        listed_before.get(nr),
        "the list shows the case as before"
    );
}
