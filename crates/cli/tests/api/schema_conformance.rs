//! Real responses of every read operation validate against the upstream contract's schemas.

use serde_json::Value;

use crate::support::schema::validate_all;
use crate::support::{demo_cases, spawn_demo};

#[tokio::test]
async fn responses_validate_against_the_upstream_schemas() {
    let app = spawn_demo().await;
    let mut documents: Vec<(&str, Value)> = Vec::new();
    let get = async |path: String, schema: &'static str, documents: &mut Vec<(&str, Value)>| {
        let response = app.get(&path).await;
        assert_eq!(response.status, 200, "{path}");
        documents.push((schema, response.json()));
    };

    // A spread of cases: with and without proposals, offers, editor; both contexts; archived.
    let picks: Vec<_> = demo_cases().iter().step_by(12).collect();
    for case in &picks {
        let nr = &case.vorgangs_nummer;
        for version in ["v2", "v3"] {
            get(
                format!("/{version}/vorgaenge/{nr}"),
                "Vorgang",
                &mut documents,
            )
            .await;
            get(
                format!("/{version}/vorgaenge/{nr}/antraege"),
                "Antraege",
                &mut documents,
            )
            .await;
            get(
                format!("/{version}/vorgaenge/{nr}/antraege/1"),
                "Antraege",
                &mut documents,
            )
            .await;
            get(
                format!("/{version}/vorgaenge/{nr}/antraege/1/1"),
                "Antrag",
                &mut documents,
            )
            .await;
            get(
                format!("/{version}/vorgaenge/{nr}/kundenBetreuer"),
                "Partner",
                &mut documents,
            )
            .await;
            if case.vorgangs_bearbeiter.is_some() {
                get(
                    format!("/{version}/vorgaenge/{nr}/vorgangsBearbeiter"),
                    "Partner",
                    &mut documents,
                )
                .await;
            }
        }
        get(
            format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion=V2"),
            "FinanzierungsvorschlaegeResource",
            &mut documents,
        )
        .await;
        get(
            format!("/v3/vorgaenge/{nr}/finanzierungsvorschlaege"),
            "FinanzierungsvorschlaegeResource",
            &mut documents,
        )
        .await;
        for v in &case.finanzierungsvorschlaege {
            let id = v["id"].as_str().unwrap();
            get(
                format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege/{id}"),
                "Finanzierungsvorschlag",
                &mut documents,
            )
            .await;
        }
        get(
            format!("/v2/vorgaenge/{nr}/gemerkteAngebote"),
            "GemerkteAngeboteResource",
            &mut documents,
        )
        .await;
        for a in &case.gemerkte_angebote {
            let n = a.nummer_am_vorgang;
            get(
                format!("/v2/vorgaenge/{nr}/gemerkteAngebote/{n}?apiVersion=V2"),
                "GemerkteAngeboteResource",
                &mut documents,
            )
            .await;
            get(
                format!("/v2/vorgaenge/{nr}/gemerkteAngebote/{n}/zahlungsPlaene"),
                "Zahlungsplaene",
                &mut documents,
            )
            .await;
        }
    }
    assert!(documents.iter().any(|(s, _)| *s == "Zahlungsplaene"));
    assert!(
        documents
            .iter()
            .any(|(s, _)| *s == "Finanzierungsvorschlag")
    );

    for query in [
        "",
        "?datenKontext=TEST_MODUS&sort=aufsteigend&page=1&limit=5",
        "?aenderungSeit=2025-07",
    ] {
        get(format!("/v2/vorgaenge{query}"), "Vorgaenge", &mut documents).await;
        get(format!("/v3/vorgaenge{query}"), "Vorgaenge", &mut documents).await;
    }
    let error = app.get("/v2/vorgaenge/ZZ9999").await.json();
    documents.push(("Error", error));

    if validate_all(&documents) {
        eprintln!("validated {} responses", documents.len());
    }
}
