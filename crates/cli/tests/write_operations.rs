//! The write side end to end over HTTP: PATCH of a case, PUT of its partners, the two Antrag
//! actions, messages, the events each change records, entity tags and conditional writes,
//! concurrent writers, and the body limit.

mod common;
mod write_support;

use common::{assert_error, demo_case, spawn_demo};
use serde_json::{Value, json};
use vorgaenge_client::ClientError;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_model::StatusDTO;
use vorgaenge_store::document::antrag_address;
use write_support::{
    add_person, assert_event, assert_status, assert_unchanged, case, editor_case, etag, events,
    example, json_request, json_request_with, last_event, listed, lock, narrowed, patch,
    patch_with, replace, send, snapshot, validate_events,
};

/// The acting partner of `app.client`.
const AUDITOR: &str = common::AUDITOR;

/// A production case of advisor BER11 (Berlin team NBE10), processed by editor BER15.
fn berlin_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && c.vorgang.get("externeVorgangsNummer").is_none()
    })
}

/// As [`berlin_case`], with at least two Anträge.
fn berlin_case_with_two_antraege() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && antraege(c).len() >= 2
    })
}

/// A production case in Hamburg: BER11 (demo-advisor) does not cover its partners.
fn hamburg_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT" && c.status == "AKTIV" && c.kunden_betreuer == "HAM21"
    })
}

/// The platform numbers of a case's Anträge (`AB1234/1/1`).
fn antraege(case: &GeneratedCase) -> Vec<String> {
    case.vorgang["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["antragsNummer"].as_str().unwrap().to_owned())
        .collect()
}

fn address(antrags_nummer: &str) -> (i32, i32) {
    antrag_address(antrags_nummer).unwrap()
}

/// The Antrag `antrags_nummer` inside a case body.
fn antrag_in<'a>(case: &'a Value, antrags_nummer: &str) -> &'a Value {
    case["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["antragsNummer"] == antrags_nummer)
        .unwrap_or_else(|| panic!("Antrag {antrags_nummer} in the case"))
}

fn status_dto(value: Value) -> StatusDTO {
    serde_json::from_value(value).unwrap()
}

/// PATCHes as the auditor and checks the answer: 200, the full case as GET then shows it,
/// and its entity tag. Returns both.
async fn patched(app: &common::TestApp, nr: &str, operations: Value) -> (Value, String) {
    let response = patch(&app.client, nr, &operations).await;
    assert_status(&response, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let (body, tag) = (response.json(), etag(&response));
    let (now, now_tag) = case(&app.client, nr).await;
    assert_eq!(body, now, "the PATCH answer is the case as GET serves it");
    assert_eq!(tag, now_tag);
    (body, tag)
}

#[tokio::test]
async fn patch_sets_each_path_and_records_its_event() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let (_, first_tag) = case(&app.client, nr).await;
    let mut seen_events = 0;
    let mut tags = vec![first_tag];
    // Each step records exactly one new event, and the case gets a new version.
    let mut step = async |operations: Value, kind: (&str, &str)| {
        let (body, tag) = patched(&app, nr, operations).await;
        let all = events(&app.client, nr).await;
        assert_eq!(all.len(), seen_events + 1, "one event per change: {all:#?}");
        seen_events = all.len();
        assert_event(all.last().unwrap(), nr, kind, AUDITOR, &body, &tag);
        assert!(!tags.contains(&tag), "a new ETag per change");
        tags.push(tag.clone());
        (body, all.last().unwrap().clone(), tag)
    };
    const EXT: (&str, &str) = ("STATUS_AENDERUNG", "EXTERNE_VORGANGSNUMMER_GESETZT");

    let (body, event, _) = step(
        json!([{"op": "add", "path": "/externeVorgangsNummer", "value": "CRM-1"}]),
        EXT,
    )
    .await;
    assert_eq!(body["externeVorgangsNummer"], "CRM-1");
    assert!(event["meldung"].as_str().unwrap().contains("CRM-1"));
    let (body, _, tag) = step(
        json!([replace("/externeVorgangsNummer", json!("CRM-2"))]),
        EXT,
    )
    .await;
    assert_eq!(body["externeVorgangsNummer"], "CRM-2");
    // The list item follows: number, letzteAenderung (= ETag), letztesEreignis.
    let item = listed(&app.client, "ECHT_GESCHAEFT").await[nr].clone();
    assert_eq!(item["externeVorgangsNummer"], "CRM-2");
    assert_eq!(
        format!("\"{}\"", item["letzteAenderung"].as_str().unwrap()),
        tag
    );
    assert_eq!(item["letztesEreignis"], body["letztesEreignis"]);
    let (body, _, _) = step(
        json!([{"op": "remove", "path": "/externeVorgangsNummer", "value": null}]),
        EXT,
    )
    .await;
    assert!(body.get("externeVorgangsNummer").is_none(), "{body}");
    let item = listed(&app.client, "ECHT_GESCHAEFT").await[nr].clone();
    assert!(item.get("externeVorgangsNummer").is_none(), "{item}");

    // Archiving takes the case off the list of its datenKontext; AKTIV brings it back.
    assert!(listed(&app.client, "ECHT_GESCHAEFT").await.contains_key(nr));
    let (body, _, _) = step(
        json!([replace("/status", json!("ARCHIVIERT"))]),
        ("STATUS_AENDERUNG", "VORGANG_GESCHLOSSEN"),
    )
    .await;
    assert_eq!(body["status"], "ARCHIVIERT");
    assert!(!listed(&app.client, "ECHT_GESCHAEFT").await.contains_key(nr));
    let (body, _, tag) = step(
        json!([replace("/status", json!("AKTIV"))]),
        ("STATUS_AENDERUNG", "VORGANG_AKTIVIERT"),
    )
    .await;
    assert_eq!(body["status"], "AKTIV");
    let list = listed(&app.client, "ECHT_GESCHAEFT").await;
    assert_eq!(
        list.get(nr)
            .map(|item| format!("\"{}\"", item["letzteAenderung"].as_str().unwrap())),
        Some(tag),
        "back on the list, with the ETag's letzteAenderung"
    );

    // The parties: the case embeds the partner's record, and their GET answers it.
    let (body, event, _) = step(
        json!([replace("/kundenBetreuer/partnerId", json!("BER12"))]),
        ("STATUS_AENDERUNG", "KUNDENBETREUER_GEAENDERT"),
    )
    .await;
    let ber12 = vorgaenge_demo::partners()
        .into_iter()
        .find(|p| p.id == "BER12")
        .unwrap()
        .profile;
    assert_eq!(body["kundenBetreuer"], ber12, "the partner's full record");
    assert_eq!(
        event["meldung"],
        "Kundenbetreuer von BER11 auf BER12 geändert"
    );
    let mut partner = app
        .get(&format!("/v2/vorgaenge/{nr}/kundenBetreuer"))
        .await
        .json();
    partner.as_object_mut().unwrap().remove("_links");
    assert_eq!(partner, body["kundenBetreuer"]);

    let (body, _, _) = step(
        json!([replace("/vorgangsBearbeiter/partnerId", json!("HAM25"))]),
        ("STATUS_AENDERUNG", "BEARBEITER_GEAENDERT"),
    )
    .await;
    assert_eq!(body["vorgangsBearbeiter"]["partnerId"], "HAM25");
    let partner = app.client.vorgangs_bearbeiter(nr).await.unwrap();
    assert_eq!(partner.partner_id.as_deref(), Some("HAM25"));

    // An Antrag's status, with a StatusDTO-shaped value.
    let new_status =
        json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "UNTERSCHRIEBEN"});
    let (body, event, _) = step(
        json!([replace(
            &format!("/antraege/{antrag}/status"),
            new_status.clone()
        )]),
        ("STATUS_AENDERUNG", "STATUSAENDERUNG_ANTRAG"),
    )
    .await;
    let status = &antrag_in(&body, antrag)["status"];
    assert_eq!(status["antragsteller"], "UNTERSCHRIEBEN");
    assert_eq!(status["produktAnbieter"], "UNTERSCHRIEBEN");
    assert_eq!(event["antragsNummer"], antrag.as_str());
    assert_eq!(event["antragsStatus"]["antragsteller"], "UNTERSCHRIEBEN");
    assert_eq!(event["antragsStatus"]["produktAnbieter"], "UNTERSCHRIEBEN");
    let (a, t) = address(antrag);
    let single = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(single["status"]["antragsteller"], "UNTERSCHRIEBEN");

    // The typed client reads the changed case, and it still meets the contract.
    let typed = app.client.vorgang(nr).await.unwrap();
    assert_eq!(typed.status.as_deref(), Some("AKTIV"));
    common::schema::validate_all(&[("Vorgang", case(&app.client, nr).await.0)]);
    validate_events(&events(&app.client, nr).await);
}

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
    common::schema::validate_all(&[("Vorgang", body)]);

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

#[tokio::test]
async fn put_partners_assign_the_partner_record() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let advisor_profile = add_person(&app, "KBN01", "NBE10", ("Karla", "Berger"), true).await;
    let editor_profile = add_person(&app, "VBN01", "NBE10", ("Veit", "Bauer"), false).await;

    for (member, id, profile, aktivitaet, kredit) in [
        (
            "kundenBetreuer",
            "KBN01",
            &advisor_profile,
            "KUNDENBETREUER_GEAENDERT",
            true,
        ),
        (
            "vorgangsBearbeiter",
            "VBN01",
            &editor_profile,
            "BEARBEITER_GEAENDERT",
            false,
        ),
    ] {
        let path = format!("/v2/vorgaenge/{nr}/{member}");
        let response = json_request(&app.client, "PUT", &path, &json!({"partnerId": id})).await;
        assert_status(&response, 201);
        assert!(response.body.is_empty(), "201 without a body");
        let put_tag = etag(&response);
        let (body, tag) = case(&app.client, nr).await;
        assert_eq!(put_tag, tag, "the PUT answers the new ETag");
        // The case holds the partner's full record: profile, id, and the right's column.
        let mut expected = profile.clone();
        expected["kreditsachbearbeiter"] = json!(kredit);
        assert_eq!(body[member], expected);
        let mut served = app.get(&path).await.json();
        let links = served.as_object_mut().unwrap().remove("_links").unwrap();
        assert_eq!(links["self"]["href"], format!("{}{path}", app.base));
        assert_eq!(served, expected);
        let event = last_event(&app.client, nr).await;
        assert_event(
            &event,
            nr,
            ("STATUS_AENDERUNG", aktivitaet),
            AUDITOR,
            &body,
            &tag,
        );
    }

    validate_events(&events(&app.client, nr).await);

    // The typed client's PUTs (back to the demo's parties, so that BER11 sees the case).
    let written = app
        .client
        .set_kunden_betreuer(nr, "BER11", None)
        .await
        .unwrap();
    assert_eq!(written.status, 201);
    assert_eq!(written.etag, Some(case(&app.client, nr).await.1));
    let written = app
        .client
        .set_vorgangs_bearbeiter(nr, "BER15", None)
        .await
        .unwrap();
    assert_eq!(written.status, 201);
    let typed = app.client.vorgang(nr).await.unwrap();
    assert_eq!(
        typed.kunden_betreuer.unwrap().partner_id.as_deref(),
        Some("BER11")
    );
    assert_eq!(
        typed.vorgangs_bearbeiter.unwrap().partner_id.as_deref(),
        Some("BER15")
    );
    assert_eq!(events(&app.client, nr).await.len(), 4);

    add_person(&app, "GSP02", "NBE10", ("Gerd", "Sperr"), false).await;
    lock(&app, "GSP02").await;
    let before = snapshot(&app, nr).await;
    let kb = &format!("/v2/vorgaenge/{nr}/kundenBetreuer");
    let vb = &format!("/v2/vorgaenge/{nr}/vorgangsBearbeiter");
    let refused: Vec<(&str, Value, u16, &str)> = vec![
        (
            kb,
            json!({"partnerId": "ZZZ99"}),
            400,
            "PartnerDTO.partnerId: Partner ZZZ99 ist nicht bekannt",
        ),
        (
            vb,
            json!({"partnerId": "ZZZ99"}),
            400,
            "PartnerDTO.partnerId: Partner ZZZ99 ist nicht bekannt",
        ),
        (
            kb,
            json!({"partnerId": "GSP02"}),
            400,
            "PartnerDTO.partnerId: Partner GSP02 ist gesperrt",
        ),
        (
            vb,
            json!({"partnerId": "GSP02"}),
            400,
            "PartnerDTO.partnerId: Partner GSP02 ist gesperrt",
        ),
        (
            vb,
            json!({"partnerId": "NBE10"}),
            400,
            "PartnerDTO.partnerId: Partner NBE10 ist keine Person",
        ),
        (kb, json!({}), 400, "PartnerDTO.partnerId fehlt"),
        (
            vb,
            json!({"partnerId": null}),
            400,
            "PartnerDTO.partnerId fehlt",
        ),
        (
            kb,
            json!({"partnerId": "abc12"}),
            400,
            "PartnerDTO.partnerId",
        ),
        (
            kb,
            json!({"partnerId": "BER12XYZ"}),
            400,
            "PartnerDTO.partnerId",
        ),
        (vb, json!({"partnerId": 4711}), 400, "PartnerDTO.partnerId"),
        (kb, json!(["BER12"]), 400, "PartnerDTO"),
    ];
    for (path, body, status, message) in &refused {
        let response = json_request(&app.client, "PUT", path, body).await;
        assert_error(&response, *status, message);
        assert_unchanged(&app, nr, &before, message).await;
    }
    let response = send(
        &app.client,
        "PUT",
        kb,
        Some("text/plain"),
        br#"{"partnerId":"BER12"}"#.to_vec(),
        &[],
    )
    .await;
    assert_error(&response, 415, "application/json");

    // 403: the advisor may write the case but does not cover a Hamburg or Munich partner.
    let advisor = app.client_for("demo-advisor").await;
    for (path, partner) in [(kb, "HAM21"), (vb, "SUE31")] {
        let response = json_request(&advisor, "PUT", path, &json!({"partnerId": partner})).await;
        assert_error(&response, 403, partner);
    }
    assert_unchanged(&app, nr, &before, "not covered").await;

    // 404: a case the advisor cannot see, and no case at all.
    let hamburg = &hamburg_case().vorgangs_nummer;
    let hamburg_before = snapshot(&app, hamburg).await;
    for member in ["kundenBetreuer", "vorgangsBearbeiter"] {
        let response = json_request(
            &advisor,
            "PUT",
            &format!("/v2/vorgaenge/{hamburg}/{member}"),
            &json!({"partnerId": "BER11"}),
        )
        .await;
        assert_error(&response, 404, &format!("Vorgang {hamburg} nicht gefunden"));
        let response = json_request(
            &app.client,
            "PUT",
            &format!("/v2/vorgaenge/ZZZZZ9/{member}"),
            &json!({"partnerId": "BER11"}),
        )
        .await;
        assert_error(&response, 404, "Vorgang ZZZZZ9 nicht gefunden");
    }
    assert_unchanged(&app, hamburg, &hamburg_before, "invisible case").await;

    // A locked organisation locks its subtree: its people can no longer be assigned.
    lock(&app, "NHH20").await;
    let response = json_request(&app.client, "PUT", vb, &json!({"partnerId": "HAM25"})).await;
    assert_error(
        &response,
        400,
        "PartnerDTO.partnerId: Partner HAM25 ist gesperrt",
    );
    assert_unchanged(&app, nr, &before, "locked subtree").await;
}

/// A test-data case of the Berlin team, processed by BER15.
fn berlin_test_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "TEST_MODUS"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
    })
}

#[tokio::test]
async fn a_partner_without_the_right_to_production_data_cannot_be_assigned_to_it() {
    let app = spawn_demo().await;
    // HAM29 is a trainee: a person the caller covers, unlocked, but without the right to
    // production data. As kundenBetreuer or vorgangsBearbeiter of a production case he could
    // not open it.
    let nr = &berlin_case().vorgangs_nummer;
    let before = snapshot(&app, nr).await;
    for member in ["kundenBetreuer", "vorgangsBearbeiter"] {
        let path = format!("/v2/vorgaenge/{nr}/{member}");
        let response =
            json_request(&app.client, "PUT", &path, &json!({"partnerId": "HAM29"})).await;
        assert_error(
            &response,
            400,
            "PartnerDTO.partnerId: Partner HAM29 hat kein Recht auf Echtgeschäft",
        );
        let response = patch(
            &app.client,
            nr,
            &json!([replace(&format!("/{member}/partnerId"), json!("HAM29"))]),
        )
        .await;
        assert_error(
            &response,
            400,
            &format!(
                "Operation 0 (/{member}/partnerId): Partner HAM29 hat kein Recht auf Echtgeschäft"
            ),
        );
    }
    assert_unchanged(&app, nr, &before, "no right to production data").await;

    // Test data is open to him.
    let test_nr = &berlin_test_case().vorgangs_nummer;
    for member in ["kundenBetreuer", "vorgangsBearbeiter"] {
        let path = format!("/v2/vorgaenge/{test_nr}/{member}");
        let response =
            json_request(&app.client, "PUT", &path, &json!({"partnerId": "HAM29"})).await;
        assert_status(&response, 201);
    }

    // The same rule when a case is created from Kundenangaben (the contract's 409).
    let request = |kontext: &str| {
        json!({
            "importMetadaten": {
                "datenkontext": kontext,
                "betreuung": { "kundenbetreuer": "HAM29" }
            },
            "kundenangaben": { "haushalte": [{ "kunden": [{
                "referenzId": "kunde-1",
                "personendaten": { "person": { "vorname": "Erika", "nachname": "Muster" } }
            }]}]}
        })
    };
    match app
        .client
        .import_kundenangaben(&request("ECHT_GESCHAEFT"))
        .await
    {
        Err(ClientError::Problem { status: 409, body }) => {
            assert!(
                body.detail.contains("kein Recht auf Echtgeschäft"),
                "{}",
                body.detail
            );
        }
        other => panic!("expected 409, got {other:?}"),
    }
    let created = app
        .client
        .import_kundenangaben(&request("TEST_MODUS"))
        .await
        .unwrap();
    let (body, _) = case(&app.client, &created).await;
    assert_eq!(body["kundenBetreuer"]["partnerId"], "HAM29");
}

#[tokio::test]
async fn entscheidungsreife_only_by_the_editor_on_a_ready_antrag_once() {
    let app = spawn_demo().await;
    let the_case = editor_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let (a, t) = address(antrag);
    let path = format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/entscheidungsreife");
    let signal = json!({"entscheidungsreifeVomVertriebSignalisiert": true});
    let editor = app.client_for("demo-editor").await;
    let status = &the_case.vorgang["antraege"][0]["status"];

    // Wrong status: named as it is.
    let before = snapshot(&app, nr).await;
    let response = json_request(&editor, "POST", &path, &signal).await;
    assert_error(
        &response,
        400,
        &format!(
            "er ist antragsteller={}, produktAnbieter={}",
            status["antragsteller"].as_str().unwrap(),
            status["produktAnbieter"].as_str().unwrap()
        ),
    );
    assert_unchanged(&app, nr, &before, "wrong status").await;

    // Make it ready.
    let ready = json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"});
    let response = json_request(
        &app.client,
        "POST",
        &format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/status"),
        &ready,
    )
    .await;
    assert_status(&response, 202);

    // Only the editor: not the auditor (who may write the case), not the advisor.
    let before = snapshot(&app, nr).await;
    let advisor = app.client_for("demo-advisor").await;
    for (who, client) in [(AUDITOR, &app.client), ("BER11", &advisor)] {
        let response = json_request(client, "POST", &path, &signal).await;
        assert_error(&response, 403, "Nur der Vorgangsbearbeiter");
        assert_error(&response, 403, &format!("{who} ist es nicht"));
    }
    // A case the editor cannot see: 404, before any other rule.
    let hamburg = &hamburg_case().vorgangs_nummer;
    let response = json_request(
        &editor,
        "POST",
        &format!("/v2/vorgaenge/{hamburg}/antraege/1/1/entscheidungsreife"),
        &signal,
    )
    .await;
    assert_error(&response, 404, hamburg);
    // Only `true`, and the field is required.
    for (body, message) in [
        (
            json!({"entscheidungsreifeVomVertriebSignalisiert": false}),
            "nur true ist erlaubt",
        ),
        (json!({}), "entscheidungsreifeVomVertriebSignalisiert fehlt"),
        (
            json!({"entscheidungsreifeVomVertriebSignalisiert": "ja"}),
            "Entscheidungsreife.entscheidungsreifeVomVertriebSignalisiert",
        ),
        (json!(true), "Entscheidungsreife"),
    ] {
        assert_error(
            &json_request(&editor, "POST", &path, &body).await,
            400,
            message,
        );
    }
    assert_error(
        &json_request(
            &editor,
            "POST",
            &format!("/v2/vorgaenge/{nr}/antraege/9/1/entscheidungsreife"),
            &signal,
        )
        .await,
        404,
        "Antrag 9/1",
    );
    assert_unchanged(&app, nr, &before, "refused signals").await;

    // The editor signals it (through the typed client): 202, and the Antrag shows it.
    let written = editor.signal_entscheidungsreife(nr, a, t).await.unwrap();
    assert_eq!(written.status, 202);
    let single = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(single["entscheidungsreifeVomVertriebSignalisiert"], true);
    app.client
        .antrag(nr, a, t)
        .await
        .expect("the typed client still reads the Antrag");
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(&event, nr, ("HINWEIS", "HINWEIS"), "BER15", &body, &tag);
    assert_eq!(event["antragsNummer"], antrag.as_str());
    assert_eq!(event["quelle"]["vorname"], "Anja");
    assert_eq!(event["quelle"]["nachname"], "Lehmann");
    validate_events(&[event]);

    // Only once.
    let before = snapshot(&app, nr).await;
    let response = json_request(&editor, "POST", &path, &signal).await;
    assert_error(&response, 400, "bereits");
    let again = editor
        .signal_entscheidungsreife(nr, a, t)
        .await
        .unwrap_err();
    assert_eq!(again.status(), Some(400));
    assert_unchanged(&app, nr, &before, "second signal").await;
}

#[tokio::test]
async fn antrag_status_sets_the_status_and_records_it() {
    let app = spawn_demo().await;
    let the_case = berlin_case_with_two_antraege();
    let nr = &the_case.vorgangs_nummer;
    let numbers = antraege(the_case);
    let (a, t) = address(&numbers[0]);
    let path = format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/status");

    // The contract's example body, verbatim.
    let example = example("status-dto.json");
    let response = json_request(&app.client, "POST", &path, &example).await;
    assert_status(&response, 202);
    assert!(response.body.is_empty());
    let single = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(single["status"]["antragsteller"], example["antragsteller"]);
    assert_eq!(
        single["status"]["antragstellerAblehnungsgrund"],
        example["antragstellerAblehnungsgrund"]
    );
    assert_eq!(
        single["status"]["produktAnbieter"],
        example["produktAnbieter"]
    );
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(
        &event,
        nr,
        ("STATUS_AENDERUNG", "STATUSAENDERUNG_ANTRAG"),
        AUDITOR,
        &body,
        &tag,
    );
    assert_eq!(event["antragsNummer"], numbers[0].as_str());
    assert_eq!(
        event["antragsStatus"]["antragsteller"],
        example["antragsteller"]
    );
    assert_eq!(
        event["antragsStatus"]["produktAnbieter"],
        example["produktAnbieter"]
    );
    assert_eq!(event["antragsStatus"]["kommentar"], example["kommentar"]);
    assert!(
        event["meldung"]
            .as_str()
            .unwrap()
            .contains(example["kommentar"].as_str().unwrap())
    );

    // The typed client, on the second Antrag; the first keeps its status.
    let (a2, t2) = address(&numbers[1]);
    let written = app
        .client
        .set_antrags_status(
            nr,
            a2,
            t2,
            &status_dto(
                json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "ZURUECKGESTELLT"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(written.status, 202);
    let second = app.client.antrag(nr, a2, t2).await.unwrap();
    let status = second.status.unwrap();
    assert_eq!(
        status.antragsteller.map(|s| s.as_str()),
        Some("UNTERSCHRIEBEN")
    );
    assert_eq!(
        status.produkt_anbieter.map(|s| s.as_str()),
        Some("ZURUECKGESTELLT")
    );
    let first = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(first["status"], single["status"]);

    // The same status again, without a comment: accepted, no change, no event.
    let before = snapshot(&app, nr).await;
    let same = json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "ZURUECKGESTELLT"});
    let response = json_request(
        &app.client,
        "POST",
        &format!("/v2/vorgaenge/{nr}/antraege/{a2}/{t2}/status"),
        &same,
    )
    .await;
    assert_status(&response, 202);
    assert_unchanged(&app, nr, &before, "same status").await;

    for (path, body, status, message) in [
        (
            &path,
            json!({"produktAnbieter": "NICHT_BEARBEITET"}),
            400,
            "StatusDTO.antragsteller fehlt".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT"}),
            400,
            "StatusDTO.produktAnbieter fehlt".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "GENEHMIGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            400,
            "StatusDTO.antragsteller".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "VIELLEICHT"}),
            400,
            "StatusDTO.produktAnbieter".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET", "produktanbieterAblehnungsgrund": "KEINE_LUST"}),
            400,
            "StatusDTO.produktanbieterAblehnungsgrund".to_owned(),
        ),
        (&path, json!("BEANTRAGT"), 400, "StatusDTO".to_owned()),
        (
            &format!("/v2/vorgaenge/{nr}/antraege/9/1/status"),
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            404,
            format!("Antrag 9/1 im Vorgang {nr} nicht gefunden"),
        ),
        (
            &"/v2/vorgaenge/ZZZZZ9/antraege/1/1/status".to_owned(),
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            404,
            "Vorgang ZZZZZ9 nicht gefunden".to_owned(),
        ),
    ] {
        let response = json_request(&app.client, "POST", path, &body).await;
        assert_error(&response, status, &message);
    }
    assert_unchanged(&app, nr, &before, "refused status").await;
    validate_events(&events(&app.client, nr).await);
}

#[tokio::test]
async fn nachricht_becomes_a_comment_event() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let path = format!("/v2/vorgaenge/{nr}/nachricht");

    let example = example("nachricht.json");
    let response = json_request(&app.client, "POST", &path, &example).await;
    assert_status(&response, 201);
    assert!(response.body.is_empty());
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(&event, nr, ("KOMMENTAR", "KOMMENTAR"), AUDITOR, &body, &tag);
    assert_eq!(event["meldung"], example["text"]);

    // 2000 characters is the limit, counted as characters (each "ä" is two bytes).
    let umlauts = "ä".repeat(2000);
    let written = app.client.add_nachricht(nr, &umlauts).await.unwrap();
    assert_eq!(written.status, 201);
    assert_eq!(
        last_event(&app.client, nr).await["meldung"],
        umlauts.as_str()
    );

    let before = snapshot(&app, nr).await;
    for (body, message) in [
        (json!({"text": ""}), "hat aber 0"),
        (json!({"text": "a".repeat(2001)}), "hat aber 2001"),
        (json!({"text": "ä".repeat(2001)}), "hat aber 2001"),
        (json!({}), "Nachricht.text fehlt"),
        (json!({"text": 42}), "Nachricht.text"),
    ] {
        assert_error(
            &json_request(&app.client, "POST", &path, &body).await,
            400,
            message,
        );
    }
    let advisor = app.client_for("demo-advisor").await;
    let hamburg = &hamburg_case().vorgangs_nummer;
    let hamburg_before = snapshot(&app, hamburg).await;
    assert_error(
        &json_request(
            &advisor,
            "POST",
            &format!("/v2/vorgaenge/{hamburg}/nachricht"),
            &json!({"text": "Hallo"}),
        )
        .await,
        404,
        hamburg,
    );
    assert_unchanged(&app, hamburg, &hamburg_before, "invisible case").await;
    assert_error(
        &json_request(
            &app.client,
            "POST",
            "/v2/vorgaenge/ZZZZZ9/nachricht",
            &json!({"text": "Hallo"}),
        )
        .await,
        404,
        "ZZZZZ9",
    );
    // v2 gives this operation's case number no pattern (not found), v3 the usual one.
    let hallo = json!({"text": "Hallo"});
    assert_error(
        &json_request(&app.client, "POST", "/v2/vorgaenge/abc/nachricht", &hallo).await,
        404,
        "abc",
    );
    assert_error(
        &json_request(&app.client, "POST", "/v3/vorgaenge/abc/nachricht", &hallo).await,
        400,
        "abc",
    );
    assert_unchanged(&app, nr, &before, "refused messages").await;
    validate_events(&before.events);
}

#[tokio::test]
async fn ereignisse_of_a_case_and_of_an_antrag() {
    let app = spawn_demo().await;
    let the_case = berlin_case_with_two_antraege();
    let nr = &the_case.vorgangs_nummer;
    let numbers = antraege(the_case);
    let ((a1, t1), (a2, t2)) = (address(&numbers[0]), address(&numbers[1]));
    // Statuses no demo Antrag has, so that each is a change.
    let status = |s: &str, p: &str| status_dto(json!({"antragsteller": s, "produktAnbieter": p}));
    app.client
        .set_antrags_status(nr, a1, t1, &status("WIDERRUFEN", "NICHT_BEARBEITET"))
        .await
        .unwrap();
    app.client.add_nachricht(nr, "zum Vorgang").await.unwrap();
    app.client
        .set_antrags_status(nr, a2, t2, &status("WIDERRUFEN", "ABGELEHNT"))
        .await
        .unwrap();
    app.client
        .set_antrags_status(nr, a1, t1, &status("UNTERSCHRIEBEN", "ABGELEHNT"))
        .await
        .unwrap();

    let all = events(&app.client, nr).await;
    assert_eq!(all.len(), 4);
    let of_first = app.get(&format!("/v2/ereignisse/{nr}/{a1}/{t1}")).await;
    assert_status(&of_first, 200);
    let of_first = of_first.json();
    let expected: Vec<&Value> = all
        .iter()
        .filter(|e| e["antragsNummer"] == numbers[0].as_str())
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(
        of_first.as_array().unwrap().iter().collect::<Vec<_>>(),
        expected,
        "only the first Antrag's, oldest first"
    );
    assert_eq!(of_first[0]["antragsStatus"]["antragsteller"], "WIDERRUFEN");
    assert_eq!(
        of_first[1]["antragsStatus"]["antragsteller"],
        "UNTERSCHRIEBEN"
    );
    let typed = app.client.antrags_ereignisse(nr, a2, t2).await.unwrap();
    assert_eq!(typed.len(), 1);
    assert_eq!(
        typed[0].antrags_nummer.as_deref(),
        Some(numbers[1].as_str())
    );
    let typed_all = app.client.ereignisse(nr).await.unwrap();
    assert_eq!(typed_all.len(), 4);
    assert_eq!(typed_all[1].typ.as_deref(), Some("KOMMENTAR"));
    assert_eq!(
        typed_all[1].quelle.as_ref().unwrap().partner_id.as_deref(),
        Some(AUDITOR)
    );
    validate_events(&all);

    assert_error(
        &app.get(&format!("/v2/ereignisse/{nr}/9/1")).await,
        404,
        "Antrag 9/1",
    );
    assert_error(&app.get("/v2/ereignisse/ZZZZZ9").await, 404, "ZZZZZ9");

    // The advisor reads the events of her case, not those of a Hamburg case.
    let advisor = app.client_for("demo-advisor").await;
    assert_eq!(events(&advisor, nr).await, all);
    let hamburg = &hamburg_case().vorgangs_nummer;
    app.client.add_nachricht(hamburg, "intern").await.unwrap();
    for path in [
        format!("/v2/ereignisse/{hamburg}"),
        format!("/v2/ereignisse/{hamburg}/1/1"),
    ] {
        let response = advisor.raw(reqwest::Method::GET, &path, &[]).await.unwrap();
        assert_error(&response, 404, hamburg);
    }
    // Without baufinanzierung:ereignis:lesen: 403 naming the scope.
    let reader = narrowed(
        &app,
        "demo-advisor",
        "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft",
    )
    .await;
    for path in [
        format!("/v2/ereignisse/{nr}"),
        format!("/v2/ereignisse/{nr}/{a1}/{t1}"),
    ] {
        let response = reader.raw(reqwest::Method::GET, &path, &[]).await.unwrap();
        assert_error(&response, 403, "baufinanzierung:ereignis:lesen");
    }
    // …while the same token still reads the case.
    reader.vorgang(nr).await.unwrap();
}

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
    assert_unchanged(&app, nr, &before, "stale and malformed If-Match").await;

    // The current tag (among others) and `*` apply.
    let response = json_request_with(
        &app.client,
        "PUT",
        &format!("{path}/kundenBetreuer"),
        &json!({"partnerId": "BER12"}),
        &[("if-match", &format!("\"x\", {second}"))],
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

#[tokio::test]
async fn concurrent_messages_are_all_kept() {
    let app = spawn_demo().await;
    let nr = berlin_case().vorgangs_nummer.clone();
    let texts: Vec<String> = (0..50).map(|i| format!("Nachricht Nummer {i}")).collect();
    let writes = texts.iter().map(|text| {
        let (client, nr, text) = (app.client.clone(), nr.clone(), text.clone());
        tokio::spawn(async move { client.add_nachricht(&nr, &text).await.map(|w| w.status) })
    });
    for result in futures::future::join_all(writes).await {
        assert_eq!(result.unwrap().unwrap(), 201);
    }
    let all = events(&app.client, &nr).await;
    assert_eq!(all.len(), 50);
    let mut got: Vec<&str> = all.iter().map(|e| e["meldung"].as_str().unwrap()).collect();
    got.sort_unstable();
    let mut expected: Vec<&str> = texts.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(got, expected);
    // One write after the other: every event has its own, increasing time.
    let times: Vec<&str> = all
        .iter()
        .map(|e| e["zeitpunkt"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let (body, tag) = case(&app.client, &nr).await;
    assert_event(
        all.last().unwrap(),
        &nr,
        ("KOMMENTAR", "KOMMENTAR"),
        AUDITOR,
        &body,
        &tag,
    );
    validate_events(&all);
}

#[tokio::test]
async fn concurrent_patches_on_one_version_one_wins() {
    let app = spawn_demo().await;
    let nr = berlin_case().vorgangs_nummer.clone();
    let (_, original) = case(&app.client, &nr).await;
    let writes = (0..50).map(|i| {
        let (client, nr, tag) = (app.client.clone(), nr.clone(), original.clone());
        tokio::spawn(async move {
            let body = json!([replace("/externeVorgangsNummer", json!(format!("PAR-{i}")))]);
            let response = patch_with(&client, &nr, &body, &[("if-match", &tag)]).await;
            (i, response)
        })
    });
    let mut winners = Vec::new();
    let mut refused = 0;
    for result in futures::future::join_all(writes).await {
        let (i, response) = result.unwrap();
        match response.status {
            200 => winners.push(i),
            412 => {
                assert_error(&response, 412, "If-Match");
                refused += 1;
            }
            other => panic!("{other}: {}", String::from_utf8_lossy(&response.body)),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one write on the original version"
    );
    assert_eq!(refused, 49);
    let (body, _) = case(&app.client, &nr).await;
    assert_eq!(body["externeVorgangsNummer"], format!("PAR-{}", winners[0]));
    assert_eq!(events(&app.client, &nr).await.len(), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let before = snapshot(&app, nr).await;
    // Valid JSON of each kind, just over 64 KiB.
    let big = "x".repeat(64 * 1024);
    for (method, suffix, content_type, body) in [
        (
            "PATCH",
            "",
            "application/json-patch+json",
            json!([replace("/externeVorgangsNummer", json!(big))]),
        ),
        (
            "POST",
            "/nachricht",
            "application/json",
            json!({"text": big}),
        ),
        (
            "PUT",
            "/kundenBetreuer",
            "application/json",
            json!({"partnerId": "BER12", "pad": big}),
        ),
    ] {
        let response = send(
            &app.client,
            method,
            &format!("/v2/vorgaenge/{nr}{suffix}"),
            Some(content_type),
            serde_json::to_vec(&body).unwrap(),
            &[("x-traceid", "big-body-4711")],
        )
        .await;
        assert_error(&response, 413, "65536");
        assert_eq!(response.header("x-traceid"), Some("big-body-4711"));
    }
    assert_unchanged(&app, nr, &before, "too large").await;
}

#[tokio::test]
async fn v3_takes_the_same_writes() {
    let app = spawn_demo().await;
    let the_case = berlin_case();
    let nr = &the_case.vorgangs_nummer;
    let v3 = app.client.v3();
    let (case_v3, written) = v3
        .patch_vorgang(
            nr,
            &json!([replace("/externeVorgangsNummer", json!("V3-1"))]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(written.status, 200);
    assert_eq!(case_v3.externe_vorgangs_nummer.as_deref(), Some("V3-1"));
    let response = send(
        &app.client,
        "PATCH",
        &format!("/v3/vorgaenge/{nr}"),
        Some("application/json-patch+json"),
        serde_json::to_vec(&json!([replace("/status", json!("ARCHIVIERT"))])).unwrap(),
        &[],
    )
    .await;
    assert_status(&response, 200);
    let body = response.json();
    assert_eq!(body["status"], "ARCHIVIERT");
    assert_eq!(
        body["_links"]["self"]["href"],
        format!("{}/v3/vorgaenge/{nr}", app.base)
    );
    let (v2_body, tag) = case(&app.client, nr).await;
    assert_eq!(etag(&response), tag);
    assert_eq!(v2_body["externeVorgangsNummer"], "V3-1");
    assert_eq!(v2_body["status"], "ARCHIVIERT");

    assert_eq!(
        v3.set_kunden_betreuer(nr, "BER12", None)
            .await
            .unwrap()
            .status,
        201
    );
    assert_eq!(v3.add_nachricht(nr, "über v3").await.unwrap().status, 201);
    let (a, t) = address(&antraege(the_case)[0]);
    let written = v3
        .set_antrags_status(
            nr,
            a,
            t,
            &status_dto(
                json!({"antragsteller": "WIDERRUFEN", "produktAnbieter": "NICHT_BEARBEITET"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(written.status, 202);
    let kinds: Vec<String> = events(&app.client, nr)
        .await
        .iter()
        .map(|e| e["aktivitaet"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "EXTERNE_VORGANGSNUMMER_GESETZT",
            "VORGANG_GESCHLOSSEN",
            "KUNDENBETREUER_GEAENDERT",
            "KOMMENTAR",
            "STATUSAENDERUNG_ANTRAG"
        ]
    );
}
