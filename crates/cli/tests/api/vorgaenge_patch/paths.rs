//! PATCH of each path the contract allows: the case changes, each change records one event
//! and makes a new version, and the list and the partner operations follow.

use serde_json::{Value, json};

use super::antrag_in;
use crate::support::case_state::{assert_event, case, events, listed};
use crate::support::cases::{address, antraege, berlin_case};
use crate::support::requests::{patched, replace};
use crate::support::schema::{validate_all, validate_events};
use crate::support::{AUDITOR, spawn_demo};

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
    validate_all(&[("Vorgang", case(&app.client, nr).await.0)]);
    validate_events(&events(&app.client, nr).await);
}
