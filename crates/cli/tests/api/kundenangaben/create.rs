//! POST /kundenangaben: the fixtures and a request of our own become cases, which live like
//! any other, and PUT /kundenangaben/{vorgangsnummer} replaces their customer data.

use serde_json::json;

use super::{assert_mapped, fixture, numbers, own_request};
use crate::support::case_state::{case, events};
use crate::support::schema::{validate_all, validate_events};
use crate::support::{AUDITOR, spawn_app};

#[tokio::test]
async fn the_fixtures_become_cases() {
    let app = spawn_app().await;
    let mut first = fixture("zwei_personen_haushalt.json");
    // The fixture's partners do not exist here; ours do.
    first["importMetadaten"]["betreuung"] =
        json!({ "kundenbetreuer": "BER11", "bearbeiter": "BER15" });
    let second = fixture("kauf_mit_finanzierungsbedarf.json");
    let mut vorgaenge = Vec::new();
    for (request, kontext, betreuer) in [
        (&first, "TEST_MODUS", "BER11"),
        // Without betreuung the acting partner looks after the case.
        (&second, "ECHT_GESCHAEFT", AUDITOR),
    ] {
        let nr = app.client.import_kundenangaben(request).await.unwrap();
        assert!(vorgaenge_domain::numbers::is_vorgangs_nummer(&nr), "{nr}");
        let (vorgang, _) = case(&app.client, &nr).await;
        assert_eq!(vorgang["vorgangsNummer"], nr);
        assert_eq!(vorgang["datenKontext"], kontext);
        assert_eq!(vorgang["status"], "AKTIV");
        assert_eq!(vorgang["kundenBetreuer"]["partnerId"], betreuer);
        assert!(
            vorgang["erstelltAm"]
                .as_str()
                .is_some_and(|d| d.len() == 10)
        );
        assert_mapped(request, &vorgang);
        assert!(
            numbers(&app, kontext).await.contains(&nr),
            "listed in {kontext}"
        );
        assert_eq!(
            app.client.kundenangaben(&nr).await.unwrap(),
            request["kundenangaben"]
        );
        let events = events(&app.client, &nr).await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["aktivitaet"], "VORGANG_ANGELEGT");
        assert_eq!(events[0]["typ"], "HINWEIS");
        assert_eq!(events[0]["quelle"]["partnerId"], AUDITOR);
        assert_eq!(events[0]["zeitpunkt"], vorgang["letztesEreignis"]);
        validate_events(&events);
        vorgaenge.push(("Vorgang", vorgang));
    }
    assert_eq!(
        vorgaenge[0].1["vorgangsBearbeiter"]["partnerId"], "BER15",
        "the Bearbeiter of betreuung"
    );
    let events = events(
        &app.client,
        vorgaenge[0].1["vorgangsNummer"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        events[0]["meldung"],
        "Vorgang angelegt – Lead aus Kampagne Frühjahr"
    );
    validate_all(&vorgaenge);
}

#[tokio::test]
async fn a_created_case_lives_like_any_other() {
    let app = spawn_app().await;
    let request = own_request("Mustermann");
    let nr = app.client.import_kundenangaben(&request).await.unwrap();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_mapped(&request, &vorgang);
    assert_eq!(vorgang["externeVorgangsNummer"], "TEST-4711");
    assert_eq!(
        vorgang["haushalte"][0]["antragsteller"][0]["nachname"],
        "Mustermann"
    );
    assert!(numbers(&app, "TEST_MODUS").await.contains(&nr));

    let (patched, _) = app
        .client
        .patch_vorgang(
            &nr,
            &json!([{ "op": "replace", "path": "/externeVorgangsNummer", "value": "CRM-1" }]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(patched.externe_vorgangs_nummer.as_deref(), Some("CRM-1"));
    let before = events(&app.client, &nr).await;
    let kinds: Vec<&str> = before
        .iter()
        .map(|e| e["aktivitaet"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["VORGANG_ANGELEGT", "EXTERNE_VORGANGSNUMMER_GESETZT"]
    );
    assert_eq!(
        before[0]["meldung"],
        "Vorgang angelegt – aus dem Testportal"
    );
    assert_eq!(
        app.client.kundenangaben(&nr).await.unwrap(),
        request["kundenangaben"]
    );

    // New customer data: the case shows it, keeps its metadata, and records the change.
    let changed = own_request("Musterfrau")["kundenangaben"].clone();
    app.client
        .update_kundenangaben(
            &nr,
            &json!({
                "kundenangaben": changed,
                "updateMetadaten": { "tippgeber": { "tippgeberPartnerId": "TIP01" } }
            }),
        )
        .await
        .unwrap();
    let (after, _) = case(&app.client, &nr).await;
    assert_eq!(
        after["haushalte"][0]["antragsteller"][0]["nachname"],
        "Musterfrau"
    );
    assert_eq!(after["externeVorgangsNummer"], "CRM-1");
    assert_eq!(after["kundenBetreuer"], vorgang["kundenBetreuer"]);
    assert_eq!(after["datenKontext"], "TEST_MODUS");
    assert_eq!(after["tippGeber"]["partnerId"], "TIP01");
    assert_eq!(app.client.kundenangaben(&nr).await.unwrap(), changed);
    let all = events(&app.client, &nr).await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[2]["aktivitaet"], "ERFASSTE_DATEN_GEAENDERT");
    assert_eq!(all[2]["meldung"], "Erfasste Daten geändert");
    assert_eq!(all[2]["zeitpunkt"], after["letztesEreignis"]);
    validate_events(&all);
    validate_all(&[("Vorgang", after)]);
}
