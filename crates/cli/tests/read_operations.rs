//! Every read operation of the contract, over HTTP, against the demo world.

mod common;

use common::{demo_case, spawn_demo};
use serde_json::Value;
use vorgaenge_store::document::antrag_address;

fn antrag_addresses(case: &vorgaenge_demo::GeneratedCase) -> Vec<(i32, i32)> {
    case.vorgang["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| antrag_address(a["antragsNummer"].as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn get_case_serves_the_document_with_links() {
    let app = spawn_demo().await;
    let case = demo_case(|c| c.vorgangs_bearbeiter.is_some());
    let nr = &case.vorgangs_nummer;
    let response = app.get(&format!("/v2/vorgaenge/{nr}")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(response.header("x-traceid").is_some());
    let mut body = response.json();

    let base = &app.base;
    let links = body.as_object_mut().unwrap().remove("_links").unwrap();
    assert_eq!(links["self"]["href"], format!("{base}/v2/vorgaenge/{nr}"));
    assert_eq!(
        links["antraege"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/antraege")
    );
    assert_eq!(
        links["ereignisse"]["href"],
        format!("{base}/v2/ereignisse/{nr}")
    );
    assert_eq!(
        links["finanzierungsvorschlaege"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion=V2")
    );
    assert_eq!(
        links["gemerkteAngebote"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote")
    );
    // Every Antrag carries its self link; apart from those, the document is what was stored.
    for antrag in body["antraege"].as_array_mut().unwrap() {
        let (a, t) = antrag_address(antrag["antragsNummer"].as_str().unwrap()).unwrap();
        let own = antrag.as_object_mut().unwrap().remove("_links").unwrap();
        assert_eq!(
            own["self"]["href"],
            format!("{base}/v2/vorgaenge/{nr}/antraege/{a}/{t}")
        );
    }
    assert_eq!(body, case.vorgang);

    // The typed client decodes it into the contract's model.
    let typed = app.client.vorgang(nr).await.unwrap();
    assert_eq!(typed.vorgangs_nummer.as_deref(), Some(nr.as_str()));
}

#[tokio::test]
async fn antraege_all_by_antrag_and_single() {
    let app = spawn_demo().await;
    let case = demo_case(|c| c.vorgang["antraege"].as_array().unwrap().len() >= 2);
    let nr = &case.vorgangs_nummer;
    let addresses = antrag_addresses(case);

    let all = app.client.antraege(nr).await.unwrap();
    let got: Vec<_> = all
        .antraege
        .as_ref()
        .unwrap()
        .iter()
        .map(|a| antrag_address(a.antrags_nummer.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(got, addresses);
    let raw = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege"))
        .await
        .json();
    assert_eq!(
        raw["_links"]["self"]["href"],
        format!("{}/v2/vorgaenge/{nr}/antraege", app.base)
    );

    let (a, t) = addresses[1];
    let by_antrag = app.client.antraege_zu(nr, a).await.unwrap();
    let expected: Vec<_> = addresses.iter().filter(|(x, _)| *x == a).collect();
    assert_eq!(by_antrag.antraege.as_ref().unwrap().len(), expected.len());

    let one = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await;
    assert_eq!(one.status, 200);
    let one = one.json();
    assert_eq!(one["antragsNummer"], format!("{nr}/{a}/{t}"));
    assert_eq!(
        one["_links"]["self"]["href"],
        format!("{}/v2/vorgaenge/{nr}/antraege/{a}/{t}", app.base)
    );

    common::assert_error(
        &app.get(&format!("/v2/vorgaenge/{nr}/antraege/99/1")).await,
        404,
        "Antrag 99/1",
    );
    common::assert_error(
        &app.get(&format!("/v2/vorgaenge/{nr}/antraege/99")).await,
        404,
        "Antrag 99",
    );
}

#[tokio::test]
async fn finanzierungsvorschlaege_list_and_single() {
    let app = spawn_demo().await;
    let case = demo_case(|c| !c.finanzierungsvorschlaege.is_empty());
    let nr = &case.vorgangs_nummer;
    for api_version in ["V2", "V3"] {
        let list = app
            .get(&format!(
                "/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion={api_version}"
            ))
            .await;
        assert_eq!(list.status, 200);
        let list = list.json();
        assert_eq!(
            list["_links"]["self"]["href"],
            format!(
                "{}/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion={api_version}",
                app.base
            )
        );
        assert_eq!(
            list["finanzierungsvorschlaege"].as_array().unwrap().len(),
            case.finanzierungsvorschlaege.len()
        );
    }
    let first = &case.finanzierungsvorschlaege[0];
    let id = first["id"].as_str().unwrap();
    let mut one = app
        .get(&format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege/{id}"))
        .await
        .json();
    let links = one.as_object_mut().unwrap().remove("_links").unwrap();
    assert_eq!(
        links["self"]["href"],
        format!(
            "{}/v2/vorgaenge/{nr}/finanzierungsvorschlaege/{id}",
            app.base
        )
    );
    assert_eq!(&one, first);
    app.client.finanzierungsvorschlag(nr, id).await.unwrap();
    common::assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/finanzierungsvorschlaege/unbekannt"
        ))
        .await,
        404,
        "unbekannt",
    );

    // A case without proposals answers an empty list, not a 404.
    let none = demo_case(|c| c.finanzierungsvorschlaege.is_empty());
    let empty = app
        .client
        .finanzierungsvorschlaege(&none.vorgangs_nummer, Some("V2"))
        .await
        .unwrap();
    assert_eq!(empty.finanzierungsvorschlaege.map(|v| v.len()), Some(0));
}

#[tokio::test]
async fn gemerkte_angebote_list_single_and_payment_plans() {
    let app = spawn_demo().await;
    let case = demo_case(|c| !c.gemerkte_angebote.is_empty());
    let nr = &case.vorgangs_nummer;
    let base = &app.base;

    let list = app
        .get(&format!("/v2/vorgaenge/{nr}/gemerkteAngebote"))
        .await
        .json();
    assert_eq!(
        list["_links"]["self"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote")
    );
    let items = list["gemerkteAngeboteExperimentell"].as_array().unwrap();
    assert_eq!(items.len(), case.gemerkte_angebote.len());
    for (item, expected) in items.iter().zip(&case.gemerkte_angebote) {
        let n = expected.nummer_am_vorgang;
        assert_eq!(
            item["_links"]["self"]["href"],
            format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote/{n}?apiVersion=V2")
        );
        assert_eq!(
            item["zahlungsplaene"],
            format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote/{n}/zahlungsPlaene")
        );
        let mut stripped = item.clone();
        let object = stripped.as_object_mut().unwrap();
        object.remove("_links");
        object.remove("zahlungsplaene");
        assert_eq!(stripped, expected.angebot);
    }

    let first = &case.gemerkte_angebote[0];
    let n = first.nummer_am_vorgang;
    let single = app.client.gemerktes_angebot(nr, n, "V2").await.unwrap();
    assert_eq!(
        single
            .gemerkte_angebote_experimentell
            .as_ref()
            .map(Vec::len),
        Some(1)
    );
    let raw = app
        .get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/{n}?apiVersion=V3"
        ))
        .await
        .json();
    assert_eq!(
        raw["_links"]["self"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote/{n}?apiVersion=V3")
    );

    let plans = app
        .get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/{n}/zahlungsPlaene"
        ))
        .await
        .json();
    assert_eq!(
        plans["_links"]["self"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote/{n}/zahlungsPlaene")
    );
    assert_eq!(
        plans["zahlungsplaene"],
        Value::Array(first.zahlungsplaene.clone())
    );
    app.client.zahlungsplaene(nr, n).await.unwrap();

    common::assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/999?apiVersion=V2"
        ))
        .await,
        404,
        "999",
    );
    common::assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/999/zahlungsPlaene"
        ))
        .await,
        404,
        "999",
    );
}

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
    common::assert_error(
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
        common::assert_error(
            &app.get(&format!("/v3/vorgaenge/{nr}/{path}")).await,
            404,
            "existiert nicht",
        );
    }
}
