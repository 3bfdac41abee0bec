//! GET /v2/vorgaenge/{vorgangsNummer}/antraege, …/antraege/{antragsNummer} and
//! …/antraege/{antragsNummer}/{teilantragsNummer}.

use vorgaenge_store::document::antrag_address;

use crate::support::cases::antrag_addresses;
use crate::support::error_body::assert_error;
use crate::support::{demo_case, spawn_demo};

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

    assert_error(
        &app.get(&format!("/v2/vorgaenge/{nr}/antraege/99/1")).await,
        404,
        "Antrag 99/1",
    );
    assert_error(
        &app.get(&format!("/v2/vorgaenge/{nr}/antraege/99")).await,
        404,
        "Antrag 99",
    );
}
