//! GET /v2/vorgaenge/{vorgangsNummer}/gemerkteAngebote: the list, a single saved offer in
//! both API versions, and its payment plans.

use serde_json::Value;

use crate::support::error_body::assert_error;
use crate::support::{demo_case, spawn_demo};

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
    // As the case links to it, with the version: the same list.
    let linked = app
        .get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote?apiVersion=V2"
        ))
        .await;
    assert_eq!(linked.status, 200);
    assert_eq!(
        linked.json()["gemerkteAngeboteExperimentell"],
        list["gemerkteAngeboteExperimentell"]
    );
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

    assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/999?apiVersion=V2"
        ))
        .await,
        404,
        "999",
    );
    assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/gemerkteAngebote/999/zahlungsPlaene"
        ))
        .await,
        404,
        "999",
    );
}
