//! GET /v2/ereignisse/{vorgangsNummer} (or `?vorgangsNummer=`) and …/{antragsNummer}/{teilantragsNummer}: the events
//! of a case and of one Antrag, who may read them, and the scope they need.

use serde_json::{Value, json};

use crate::support::case_state::events;
use crate::support::cases::{
    address, antraege, berlin_case_with_two_antraege, hamburg_case, status_dto,
};
use crate::support::error_body::assert_error;
use crate::support::partners::narrowed;
use crate::support::requests::assert_status;
use crate::support::schema::validate_events;
use crate::support::{AUDITOR, spawn_demo};

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
    // The Ereignisse API's query form answers the same.
    let by_query = app
        .get(&format!("/v2/ereignisse?vorgangsNummer={nr}"))
        .await;
    assert_eq!(by_query.status, 200);
    assert_eq!(
        by_query.body,
        app.get(&format!("/v2/ereignisse/{nr}")).await.body
    );
    assert_error(&app.get("/v2/ereignisse").await, 400, "vorgangsNummer");
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
        format!("/v2/ereignisse?vorgangsNummer={hamburg}"),
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
        format!("/v2/ereignisse?vorgangsNummer={nr}"),
        format!("/v2/ereignisse/{nr}/{a1}/{t1}"),
    ] {
        let response = reader.raw(reqwest::Method::GET, &path, &[]).await.unwrap();
        assert_error(&response, 403, "baufinanzierung:ereignis:lesen");
    }
    // …while the same token still reads the case.
    reader.vorgang(nr).await.unwrap();
}
