//! The contract's example PATCH body, verbatim and with the case's own Antrag, and the
//! product documentation's PUT example.

use serde_json::json;

use super::antrag_in;
use crate::support::case_state::{assert_event, assert_unchanged, events, listed, snapshot};
use crate::support::cases::{antraege, berlin_case};
use crate::support::error_body::assert_error;
use crate::support::partners::add_person;
use crate::support::requests::{patch, patched};
use crate::support::schema::{validate_all, validate_events};
use crate::support::spec::example;
use crate::support::{AUDITOR, spawn_demo};

#[tokio::test]
async fn the_contract_example_patch_applies() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let example = example("patch-request.json");
    let operations = example.as_array().expect("the example is an array");
    assert_eq!(operations.len(), 5);
    let value_at = |path: &str| {
        operations
            .iter()
            .find(|op| op["path"] == path)
            .unwrap_or_else(|| panic!("the example sets {path}"))["value"]
            .clone()
    };
    let advisor = value_at("/kundenBetreuer/partnerId");
    let editor = value_at("/vorgangsBearbeiter/partnerId");
    let (advisor, editor) = (advisor.as_str().unwrap(), editor.as_str().unwrap());
    // The example's partners, made for this test in the case's team.
    let advisor_profile = add_person(&app, advisor, "NBE10", ("Otto", "Ehlers"), false).await;
    let editor_profile = add_person(&app, editor, "NBE10", ("Mona", "Claasen"), true).await;

    // Verbatim, its Antrag AB1234/1/1 is not one of this case's: nothing applies.
    let before = snapshot(&app, nr).await;
    assert_error(
        &patch(&app.client, nr, &example).await,
        400,
        "Operation 4 (/antraege/AB1234/1/1/status): der Vorgang hat keinen Antrag AB1234/1/1",
    );
    assert_unchanged(&app, nr, &before, "example with AB1234").await;

    // With the case's own Antrag number, all five apply in one change.
    let mut ours = example.clone();
    ours[4]["path"] = json!(format!("/antraege/{antrag}/status"));
    let (body, tag) = patched(&app, nr, ours).await;
    assert_eq!(body["externeVorgangsNummer"], "ext_VN_4711");
    assert_eq!(body["status"], "ARCHIVIERT");
    let mut expected_advisor = advisor_profile.clone();
    expected_advisor["kreditsachbearbeiter"] = json!(false);
    assert_eq!(body["kundenBetreuer"], expected_advisor);
    let mut expected_editor = editor_profile.clone();
    expected_editor["kreditsachbearbeiter"] = json!(true);
    assert_eq!(body["vorgangsBearbeiter"], expected_editor);
    assert_eq!(
        antrag_in(&body, antrag)["status"],
        value_at("/antraege/AB1234/1/1/status")
    );
    assert!(!listed(&app.client, "ECHT_GESCHAEFT").await.contains_key(nr));

    let all = events(&app.client, nr).await;
    let kinds: Vec<(&str, &str)> = all
        .iter()
        .map(|e| {
            (
                e["typ"].as_str().unwrap(),
                e["aktivitaet"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("STATUS_AENDERUNG", "EXTERNE_VORGANGSNUMMER_GESETZT"),
            ("STATUS_AENDERUNG", "VORGANG_GESCHLOSSEN"),
            ("STATUS_AENDERUNG", "KUNDENBETREUER_GEAENDERT"),
            ("STATUS_AENDERUNG", "BEARBEITER_GEAENDERT"),
            ("STATUS_AENDERUNG", "STATUSAENDERUNG_ANTRAG"),
        ]
    );
    for event in &all {
        assert_event(
            event,
            nr,
            (
                event["typ"].as_str().unwrap(),
                event["aktivitaet"].as_str().unwrap(),
            ),
            AUDITOR,
            &body,
            &tag,
        );
    }
    assert_eq!(all[4]["antragsNummer"], antrag.as_str());
    validate_events(&all);
    validate_all(&[("Vorgang", body)]);

    // The product documentation's PUT example: advisor AAV43.
    let aav43 = add_person(&app, "AAV43", "NBE10", ("Anna", "Voss"), false).await;
    let written = app
        .client
        .set_kunden_betreuer(nr, "AAV43", None)
        .await
        .unwrap();
    assert_eq!(written.status, 201);
    let vorgang = app.get(&format!("/v2/vorgaenge/{nr}")).await.json();
    let mut expected = aav43.clone();
    expected["kreditsachbearbeiter"] = json!(false);
    assert_eq!(vorgang["kundenBetreuer"], expected);
}
