//! GET and PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer and …/vorgangsBearbeiter: the
//! case's two partners, tested side by side because the operations mirror each other, and
//! the rule that a partner without the right to production data is not assigned to it.

use serde_json::{Value, json};
use vorgaenge_client::ClientError;
use vorgaenge_demo::GeneratedCase;

use crate::support::case_state::{
    assert_event, assert_unchanged, case, events, last_event, snapshot,
};
use crate::support::cases::{berlin_case, hamburg_case};
use crate::support::error_body::assert_error;
use crate::support::partners::{add_person, lock};
use crate::support::requests::{assert_status, etag, json_request, patch, replace, send};
use crate::support::schema::validate_events;
use crate::support::{AUDITOR, demo_case, spawn_demo};

#[tokio::test]
async fn kunden_betreuer_and_vorgangs_bearbeiter() {
    let app = spawn_demo().await;
    let case = demo_case(|c| c.vorgangs_bearbeiter.is_some());
    let nr = &case.vorgangs_nummer;
    for (path, field) in [
        ("kundenBetreuer", "kundenBetreuer"),
        ("vorgangsBearbeiter", "vorgangsBearbeiter"),
    ] {
        let mut body = app.get(&format!("/v2/vorgaenge/{nr}/{path}")).await.json();
        let links = body.as_object_mut().unwrap().remove("_links").unwrap();
        assert_eq!(
            links["self"]["href"],
            format!("{}/v2/vorgaenge/{nr}/{path}", app.base)
        );
        assert_eq!(body, case.vorgang[field]);
    }
    let partner = app.client.kunden_betreuer(nr).await.unwrap();
    assert_eq!(partner.partner_id.as_deref(), Some(case.kunden_betreuer));

    let without = demo_case(|c| c.vorgangs_bearbeiter.is_none());
    assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{}/vorgangsBearbeiter",
            without.vorgangs_nummer
        ))
        .await,
        404,
        "keinen Vorgangsbearbeiter",
    );
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
