//! GET /v2/vorgaenge on its first page: production data newest first by default, the other
//! order and data context, the limit, and archived cases left off.

use vorgaenge_store::Timestamp;

use super::{expected, micros, numbers};
use crate::support::{demo_cases, spawn_demo};

#[tokio::test]
async fn default_is_production_data_newest_first() {
    let app = spawn_demo().await;
    let page = app.get("/v2/vorgaenge").await;
    assert_eq!(page.status, 200);
    let page = page.json();
    let all = expected("ECHT_GESCHAEFT", false, |_| true);
    assert_eq!(numbers(&page), all[..10]);
    assert_eq!(
        page["_links"]["self"]["href"],
        format!(
            "{}/v2/vorgaenge?datenKontext=ECHT_GESCHAEFT&sort=absteigend&page=0&limit=10",
            app.base
        )
    );
    assert!(page["_links"].get("prev").is_none(), "no prev on page 0");
    assert!(
        page["_links"]["next"]["href"]
            .as_str()
            .unwrap()
            .contains("page=1&limit=10&cursor=")
    );

    // Each item: self link and the columns of the case.
    let item = &page["vorgaenge"][0];
    let nr = item["vorgangsNummer"].as_str().unwrap();
    let case = demo_cases()
        .iter()
        .find(|c| c.vorgangs_nummer == nr)
        .unwrap();
    assert_eq!(
        item["_links"]["self"]["href"],
        format!("{}/v2/vorgaenge/{nr}", app.base)
    );
    assert_eq!(item["datenKontext"], "ECHT_GESCHAEFT");
    assert_eq!(
        micros(item["letzteAenderung"].as_str().unwrap()),
        Timestamp::from(case.letzte_aenderung).0
    );
    assert_eq!(item["letztesEreignis"], case.letztes_ereignis.as_str());
    match &case.externe_vorgangs_nummer {
        Some(ext) => assert_eq!(item["externeVorgangsNummer"], ext.as_str()),
        None => assert!(
            item.get("externeVorgangsNummer").is_none(),
            "omitted, never null"
        ),
    }
    // The typed client agrees.
    app.client.vorgaenge(&Default::default()).await.unwrap();
}

#[tokio::test]
async fn ascending_test_mode_and_limit() {
    let app = spawn_demo().await;
    let page = app
        .get("/v2/vorgaenge?datenKontext=TEST_MODUS&sort=aufsteigend&limit=100")
        .await
        .json();
    let all = expected("TEST_MODUS", true, |_| true);
    assert_eq!(numbers(&page), all[..all.len().min(100)]);
    assert!(
        page["vorgaenge"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["datenKontext"] == "TEST_MODUS")
    );
    let one = app.get("/v2/vorgaenge?limit=1").await.json();
    assert_eq!(numbers(&one).len(), 1);
}

#[tokio::test]
async fn archived_cases_are_not_listed() {
    let app = spawn_demo().await;
    let archived: Vec<_> = demo_cases()
        .iter()
        .filter(|c| c.status == "ARCHIVIERT")
        .collect();
    assert!(!archived.is_empty());
    for kontext in ["ECHT_GESCHAEFT", "TEST_MODUS"] {
        let mut listed = Vec::new();
        for page in 0.. {
            let body = app
                .get(&format!(
                    "/v2/vorgaenge?datenKontext={kontext}&limit=100&page={page}"
                ))
                .await
                .json();
            let got = numbers(&body);
            if got.is_empty() {
                break;
            }
            listed.extend(got);
        }
        assert_eq!(listed, expected(kontext, false, |_| true));
        for case in &archived {
            assert!(!listed.contains(&case.vorgangs_nummer));
        }
    }
    // Archived cases stay readable.
    assert_eq!(
        app.get(&format!("/v2/vorgaenge/{}", archived[0].vorgangs_nummer))
            .await
            .status,
        200
    );
}
