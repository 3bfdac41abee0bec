//! The v3 paths: the same operations as v2 without the saved offers, and the same writes.

use serde_json::json;

use crate::support::case_state::{case, events};
use crate::support::cases::{address, antraege, antrag_addresses, berlin_case, status_dto};
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, etag, replace, send};
use crate::support::{demo_case, spawn_demo};

#[tokio::test]
async fn v3_serves_the_same_operations_without_saved_offers() {
    let app = spawn_demo().await;
    let case =
        demo_case(|c| !c.gemerkte_angebote.is_empty() && !c.finanzierungsvorschlaege.is_empty());
    let nr = &case.vorgangs_nummer;
    let base = &app.base;
    let v3 = app.client.v3();

    let body = app.get(&format!("/v3/vorgaenge/{nr}")).await.json();
    assert_eq!(
        body["_links"]["self"]["href"],
        format!("{base}/v3/vorgaenge/{nr}")
    );
    assert_eq!(
        body["_links"]["antraege"]["href"],
        format!("{base}/v3/vorgaenge/{nr}/antraege")
    );
    assert_eq!(
        body["_links"]["finanzierungsvorschlaege"]["href"],
        format!("{base}/v3/vorgaenge/{nr}/finanzierungsvorschlaege")
    );
    assert!(
        body["_links"].get("gemerkteAngebote").is_none(),
        "v3 has no saved offers"
    );
    let (a, t) = antrag_addresses(case)[0];
    assert_eq!(
        body["antraege"][0]["_links"]["self"]["href"],
        format!("{base}/v3/vorgaenge/{nr}/antraege/{a}/{t}")
    );

    v3.vorgang(nr).await.unwrap();
    v3.antraege(nr).await.unwrap();
    v3.antraege_zu(nr, a).await.unwrap();
    v3.antrag(nr, a, t).await.unwrap();
    // v3 drops the required apiVersion of the proposal list.
    let list = v3.finanzierungsvorschlaege(nr, None).await.unwrap();
    assert_eq!(
        list.finanzierungsvorschlaege.map(|v| v.len()),
        Some(case.finanzierungsvorschlaege.len())
    );
    let id = case.finanzierungsvorschlaege[0]["id"].as_str().unwrap();
    v3.finanzierungsvorschlag(nr, id).await.unwrap();
    v3.kunden_betreuer(nr).await.unwrap();
    v3.vorgangs_bearbeiter(nr).await.unwrap();
    let page = v3.vorgaenge(&Default::default()).await.unwrap();
    let item = &page.vorgaenge.unwrap()[0];
    let href = &item.links.as_ref().unwrap()["self"].href;
    assert!(
        href.as_deref()
            .unwrap()
            .starts_with(&format!("{base}/v3/vorgaenge/"))
    );

    for path in [
        "gemerkteAngebote",
        "gemerkteAngebote/1?apiVersion=V2",
        "gemerkteAngebote/1/zahlungsPlaene",
    ] {
        assert_error(
            &app.get(&format!("/v3/vorgaenge/{nr}/{path}")).await,
            404,
            "existiert nicht",
        );
    }
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
